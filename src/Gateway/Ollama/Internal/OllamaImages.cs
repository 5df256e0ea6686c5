using Nano.Actors.Configuration;
using Nano.Gateway.Input;
using Nano.Gateway.Mcp.Tools;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// Ollama's base64 <c>images</c> → RKLLM multimodal input through the MCP generate tool's image binding (one
/// image per run; raw images only for vision models with a simulated encoder, as that binding explains).
/// </summary>
internal static class OllamaImages
{
    /// <returns>The input to run, or an error message for a 400.</returns>
    public static (RkllmInput? Input, string? Error) Bind(IReadOnlyList<string> images, ModelDefinition? model, string modelName, RkllmInput text,
        InputGuard guard)
    {
        if (guard.Images(images.Count, "images") is { } tooMany) return (null, tooMany.Message);
        if (images.Count == 0 || model is null) return (text, null); // unknown models: the pool answers 404
        if (model.Multimodal is null) return (null, $"model '{model.Name}' is not a vision model; it takes no images");
        if (images.Count > 1) return (null, "nano runs one image per request");
        var prompt = (text as RkllmPromptInput)?.Prompt ?? "";
        var image = new JObject { ["data"] = images[0] };
        var args = new ToolArguments(ToolCatalog.Default.Find(ToolNames.Generate)!,
            new JObject { ["model"] = modelName, ["prompt"] = prompt, ["image"] = image });
        return ImageInput.Bind(args, image, model, prompt, guard) switch
        {
            RkllmMultimodalInput input => (input with { Role = text.Role, EnableThinking = text.EnableThinking }, null),
            ToolRefusal refusal => (null, refusal.Message),
            _ => (null, args.Error ?? "invalid image"),
        };
    }
}
