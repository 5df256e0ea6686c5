using System.Reflection;
using Akka.Configuration;

namespace Nano.Actors.Configuration;

/// <summary>
/// The module's HOCON defaults (hocon/nano.actors.conf, embedded in this assembly), so hosts and tests
/// run with the same dispatcher and pool settings.
/// </summary>
public static class NanoActorsConfig
{
    private static readonly Lazy<Config> Embedded = new(Load);

    public static Config Default => Embedded.Value;

    private static Config Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("nano.actors.conf")
            ?? throw new InvalidOperationException("embedded resource nano.actors.conf is missing from Nano.Actors");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
