using System.Text;
using Akka.Configuration;
using Newtonsoft.Json;

namespace Nano.NodeHost.Configuration;

/// <summary>The command line's layer: only the flags actually given, as HOCON over everything else.</summary>
public sealed record NodeOverrides(string? ConfigPath = null, string? Runtime = null, string? LogLevel = null, bool Debug = false)
{
    /// <summary>--transports: "tcp:8080,udp:0,stdio" (nano.gateway.transports).</summary>
    public string? Transports { get; init; }

    /// <summary>--bind: the network transports' address (nano.gateway.bind).</summary>
    public string? Bind { get; init; }

    public static NodeOverrides None { get; } = new();

    public Config ToConfig()
    {
        var hocon = new StringBuilder();
        if (ConfigPath is not null) hocon.AppendLine($"nano.models-config = {JsonConvert.ToString(Path.GetFullPath(ConfigPath))}");
        if (Runtime is not null) hocon.AppendLine($"nano.runtime = {JsonConvert.ToString(Runtime)}");
        if (LogLevel is not null) hocon.AppendLine($"nano.logging.level = {JsonConvert.ToString(LogLevel)}");
        if (Debug) hocon.AppendLine("nano.logging.debug = on");
        if (Transports is not null) hocon.AppendLine($"nano.gateway.transports = {JsonConvert.ToString(Transports)}");
        if (Bind is not null) hocon.AppendLine($"nano.gateway.bind = {JsonConvert.ToString(Bind)}");
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }
}
