using Nano.Actors.Configuration;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

/// <summary>Models as MCP resources: <c>nano://models/{name}</c>, read as JSON (state, runtime, handles).</summary>
public static class ModelResources
{
    public const string UriPrefix = "nano://models/";
    public const string MimeType = "application/json";
    /// <summary>Tool name the session uses internally for resources/read's status query.</summary>
    internal const string ReadTool = "resources/read";

    public static string UriOf(string model) => UriPrefix + Uri.EscapeDataString(model);

    public static ModelDefinition? ModelOf(string uri, IReadOnlyList<ModelDefinition> models)
    {
        if (!uri.StartsWith(UriPrefix, StringComparison.Ordinal)) return null;
        var name = Uri.UnescapeDataString(uri[UriPrefix.Length..]);
        return models.FirstOrDefault(m => m.Name == name);
    }

    public static JObject List(IReadOnlyList<ModelDefinition> models) => new()
    {
        ["resources"] = new JArray(models.Select(m => new JObject
        {
            ["uri"] = UriOf(m.Name),
            ["name"] = m.Name,
            ["title"] = $"Model {m.Name}",
            ["description"] = $"State, runtime and handles of model {m.Name}" +
                              (m.Runtime.Kind == Nano.Runtime.RuntimeKind.Simulated ? " (SIMULATED runtime)" : ""),
            ["mimeType"] = MimeType,
        })),
    };

    public static JObject Templates() => new()
    {
        ["resourceTemplates"] = new JArray(new JObject
        {
            ["uriTemplate"] = UriPrefix + "{name}",
            ["name"] = "model",
            ["title"] = "A model of this node",
            ["mimeType"] = MimeType,
        }),
    };

    public static JObject Read(string model, JObject info) => new()
    {
        ["contents"] = new JArray(new JObject
        {
            ["uri"] = UriOf(model),
            ["mimeType"] = MimeType,
            ["text"] = info.ToString(Formatting.None),
        }),
    };
}
