using Akka.Configuration;

namespace Nano.Gateway.Hosting;

/// <summary>The module's HOCON defaults (hocon/nano.gateway.conf, embedded in this assembly).</summary>
public static class NanoGatewayConfig
{
    private static readonly Lazy<Config> Embedded = new(() =>
    {
        using var stream = typeof(NanoGatewayConfig).Assembly.GetManifestResourceStream("nano.gateway.conf")
            ?? throw new InvalidOperationException("embedded resource nano.gateway.conf is missing from Nano.Gateway");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    });

    public static Config Default => Embedded.Value;
}
