using YamlDotNet.RepresentationModel;

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>One service of docker-compose.yml: its environment map, port and volume lists, and its raw text (comments included).</summary>
internal sealed record ComposeService(string Name, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Ports,
    IReadOnlyList<string> Volumes, string Text);

/// <summary>docker-compose.yml at the repository root, parsed (aliases resolved) and cut into per-service text.</summary>
internal static class ComposeFile
{
    public static string Path => RepoRoot.File("docker-compose.yml");

    public static IReadOnlyDictionary<string, ComposeService> Services { get; } = Load();

    private static Dictionary<string, ComposeService> Load()
    {
        var text = File.ReadAllText(Path);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        var lines = text.Split('\n');
        return services.Children.ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s =>
        {
            var name = ((YamlScalarNode)s.Key).Value!;
            var body = (YamlMappingNode)s.Value;
            return new ComposeService(name, Map(body, "environment"), List(body, "ports"), List(body, "volumes"), Section(lines, name));
        });
    }

    private static Dictionary<string, string> Map(YamlMappingNode body, string key) =>
        body.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "")
            : [];

    private static string[] List(YamlMappingNode body, string key) =>
        body.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? ((YamlSequenceNode)node).Children.Select(n => ((YamlScalarNode)n).Value ?? "").ToArray()
            : [];

    /// <summary>The lines from "  NAME:" up to the next service (or the end), comments included.</summary>
    private static string Section(string[] lines, string name)
    {
        var start = Array.FindIndex(lines, l => l.TrimEnd() == $"  {name}:");
        var end = Array.FindIndex(lines, start + 1, l => l.Length > 2 && l[..2] == "  " && l[2] is not (' ' or '#'));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }
}
