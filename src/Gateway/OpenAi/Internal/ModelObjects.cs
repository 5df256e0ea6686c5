using Nano.Actors.Configuration;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>OpenAI model objects for the configured models; <c>nano</c> says whether a model's runtime is simulated.</summary>
internal static class ModelObjects
{
    /// <summary>The managed simulator and the C emulator both produce simulated output; only the vendor library is real.</summary>
    public static bool IsSimulated(ModelDefinition model) => model.Runtime.Kind != RuntimeKind.Native || model.Path.StartsWith("sim://", StringComparison.Ordinal);

    public static JObject Model(ModelDefinition model) => new()
    {
        ["id"] = model.Name,
        ["object"] = "model",
        ["created"] = 0,
        ["owned_by"] = "nano",
        ["nano"] = new JObject
        {
            ["simulated"] = IsSimulated(model),
            ["runtime"] = model.Runtime.Kind.ToString().ToLowerInvariant(),
            ["max_context_len"] = model.MaxContextLen,
            ["max_new_tokens"] = model.MaxNewTokens,
            ["vision"] = model.Multimodal is not null,
        },
    };

    public static JObject List(IEnumerable<ModelDefinition> models) => new()
    {
        ["object"] = "list",
        ["data"] = new JArray(models.Select(Model)),
    };
}
