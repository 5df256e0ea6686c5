using System.Reflection;
using Akka.Configuration;

namespace Nano.Actors.Cluster;

/// <summary>The cluster defaults (hocon/nano.cluster.conf, embedded in this assembly).</summary>
public static class NanoClusterConfig
{
    private static readonly Lazy<Config> Embedded = new(Load);

    public static Config Default => Embedded.Value;

    private static Config Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("nano.cluster.conf")
            ?? throw new InvalidOperationException("embedded resource nano.cluster.conf is missing from Nano.Actors");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
