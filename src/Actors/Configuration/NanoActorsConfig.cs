using Akka.Configuration;

namespace Nano.Actors.Configuration;

/// <summary>
/// The module's HOCON defaults (hocon/nano.actors.conf, embedded in this assembly), so hosts and tests
/// run with the same dispatcher and pool settings.
/// </summary>
public static class NanoActorsConfig
{
    private static readonly Lazy<Config> Embedded = new(() => EmbeddedHocon.Load(typeof(NanoActorsConfig).Assembly, "nano.actors.conf"));

    public static Config Default => Embedded.Value;
}
