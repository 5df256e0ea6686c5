using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Handles.Internal;

/// <summary>Maps a model definition and a request onto rkllm's init and infer parameters.</summary>
internal static class RunParameters
{
    /// <summary>
    /// The runtime's defaults (CPU mask, embed_flash, ...) overlaid with the model's context, sampling and
    /// batch size and the memory domain the pool assigned.
    /// </summary>
    public static RkllmParams ForModel(ModelDefinition model, int domainId, RkllmParams defaults) => defaults with
    {
        ModelPath = model.Path,
        MaxContextLen = model.MaxContextLen,
        MaxNewTokens = model.MaxNewTokens,
        Sampling = model.Sampling,
        // Multi-batch mode drives the handle through rkllm_run_async.
        IsAsync = model.NBatch > 1,
        // v1.2 takes the image tags at init; v1.3 carries them with each multimodal input.
        ImageTags = model.Multimodal is { } mm && model.Runtime.Abi == RkllmAbi.V1_2
            ? new RkllmImageTags(mm.ImageStart, mm.ImageEnd, mm.ImageContent)
            : defaults.ImageTags,
        Extend = defaults.Extend with { BaseDomainId = domainId, NBatch = Math.Max(1, model.NBatch) },
    };

    public static RkllmInferParams ForRun(ModelDefinition model, GenerateRequest request, bool keepHistory) => new()
    {
        Mode = request.Mode,
        LoraAdapter = request.LoraAdapter,
        PromptCache = request.PromptCache is { } name ? new RkllmPromptCacheParams(true, PromptCachePath(model, name)) : null,
        Sampling = request.Sampling is { } overrides ? Merge(model.Sampling, overrides) : null,
        KeepHistory = keepHistory,
        MaxNewTokens = request.MaxNewTokens ?? 0,
    };

    public static int MaxNewTokens(ModelDefinition model, GenerateRequest request) => request.MaxNewTokens ?? model.MaxNewTokens;

    /// <summary>Named caches resolve to their configured file; the pool rejects unknown names up front.</summary>
    public static string PromptCachePath(ModelDefinition model, string name) =>
        model.PromptCaches.FirstOrDefault(c => c.Name == name)?.Path ?? name;

    private static RkllmSampling Merge(RkllmSampling model, SamplingOverrides o) => model with
    {
        TopK = o.TopK ?? model.TopK,
        TopP = o.TopP ?? model.TopP,
        Temperature = o.Temperature ?? model.Temperature,
        RepeatPenalty = o.RepeatPenalty ?? model.RepeatPenalty,
        FrequencyPenalty = o.FrequencyPenalty ?? model.FrequencyPenalty,
        PresencePenalty = o.PresencePenalty ?? model.PresencePenalty,
    };
}
