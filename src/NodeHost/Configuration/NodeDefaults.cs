using Akka.Configuration;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting;

namespace Nano.NodeHost.Configuration;

/// <summary>The lowest layer: hocon/nano.node.conf (embedded into this assembly) over the actors' and the gateway's defaults.</summary>
public static class NodeDefaults
{
    private static readonly Lazy<Config> Defaults = new(() => Node().WithFallback(NanoActorsConfig.Default).WithFallback(NanoClusterConfig.Default).WithFallback(NanoGatewayConfig.Default));

    public static Config Config => Defaults.Value;

    private static Config Node() => EmbeddedHocon.Load(typeof(NodeDefaults).Assembly, "nano.node.conf");
}
