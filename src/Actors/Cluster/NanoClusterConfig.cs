using Akka.Configuration;
using Nano.Actors.Configuration;

namespace Nano.Actors.Cluster;

/// <summary>The cluster defaults (hocon/nano.cluster.conf, embedded in this assembly).</summary>
public static class NanoClusterConfig
{
    private static readonly Lazy<Config> Embedded = new(() => EmbeddedHocon.Load(typeof(NanoClusterConfig).Assembly, "nano.cluster.conf"));

    public static Config Default => Embedded.Value;
}
