using Akka.Configuration;
using Nano.Actors.Configuration;

namespace Nano.Gateway.Hosting;

/// <summary>The module's HOCON defaults (hocon/nano.gateway.conf, embedded in this assembly).</summary>
public static class NanoGatewayConfig
{
    private static readonly Lazy<Config> Embedded = new(() => EmbeddedHocon.Load(typeof(NanoGatewayConfig).Assembly, "nano.gateway.conf"));

    public static Config Default => Embedded.Value;
}
