using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>A validated /api/chat or /api/generate request: what to run and how to answer.</summary>
internal sealed record OllamaRun(string Model, ModelDefinition? Definition, RkllmInput Input, OllamaOptions Options, bool Stream, bool Chat)
{
    /// <summary>
    /// Ollama clients name models "name:tag" and default the tag to ":latest"; nano's models have no tags, so a
    /// ":latest" the node does not know literally is dropped.
    /// </summary>
    public static string ModelName(string name, IReadOnlyList<ModelDefinition> models) =>
        name.EndsWith(":latest", StringComparison.Ordinal) && models.All(m => m.Name != name) ? name[..^":latest".Length] : name;
}
