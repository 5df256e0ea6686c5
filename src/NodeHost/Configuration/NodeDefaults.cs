using Akka.Configuration;

namespace Nano.NodeHost.Configuration;

/// <summary>The lowest layer: hocon/nano.node.conf (embedded into this assembly) over the actors' defaults.</summary>
public static class NodeDefaults
{
    private static readonly Lazy<Config> Node = new(() =>
    {
        using var stream = typeof(NodeDefaults).Assembly.GetManifestResourceStream("nano.node.conf")
            ?? throw new InvalidOperationException("embedded resource nano.node.conf is missing from Nano.NodeHost");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    });

    public static Config Config => Node.Value;
}
