using System.Text;
using Akka.Configuration;
using Newtonsoft.Json;

namespace Nano.NodeHost.Configuration;

/// <summary>The command line's layer: only the flags actually given, as HOCON over everything else.</summary>
public sealed record NodeOverrides(string? ConfigPath = null, string? Runtime = null, string? LogLevel = null, bool Debug = false)
{
    public static NodeOverrides None { get; } = new();

    public Config ToConfig()
    {
        var hocon = new StringBuilder();
        if (ConfigPath is not null) hocon.AppendLine($"nano.models-config = {JsonConvert.ToString(Path.GetFullPath(ConfigPath))}");
        if (Runtime is not null) hocon.AppendLine($"nano.runtime = {JsonConvert.ToString(Runtime)}");
        if (LogLevel is not null) hocon.AppendLine($"nano.logging.level = {JsonConvert.ToString(LogLevel)}");
        if (Debug) hocon.AppendLine("nano.logging.debug = on");
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }
}
