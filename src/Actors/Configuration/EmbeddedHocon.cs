using System.Reflection;
using Akka.Configuration;

namespace Nano.Actors.Configuration;

/// <summary>Reads a module's HOCON defaults embedded in its assembly (hocon/*.conf, by logical name).</summary>
public static class EmbeddedHocon
{
    public static Config Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"embedded resource {resourceName} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
