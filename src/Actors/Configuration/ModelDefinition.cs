using Nano.Runtime;

namespace Nano.Actors.Configuration;

public sealed record LoraDefinition(string Name, string Path, float Scale = 1.0f);

public sealed record PromptCacheDefinition(string Name, string Path);

public sealed record ChatTemplateDefinition(string SystemPrompt, string PromptPrefix, string PromptPostfix);

public sealed record FunctionToolsDefinition(string SystemPrompt, string ToolsJson, string ToolResponseStr);

/// <summary>Vision encoder settings for multimodal models (the encoder turns images into embeddings).</summary>
public sealed record MultimodalDefinition(string EncoderPath, int ImageTokens, int EmbedDim, int ImageWidth, int ImageHeight)
{
    public string ImageStart { get; init; } = "<|vision_start|>";
    public string ImageEnd { get; init; } = "<|vision_end|>";
    public string ImageContent { get; init; } = "<|image_pad|>";
}

/// <summary>One model of models.json, validated. Immutable; the pool receives these, never raw JSON.</summary>
public sealed record ModelDefinition
{
    public required string Name { get; init; }
    /// <summary>Model file (.rkllm), or a sim profile (sim://qwen2.5-1.5b-w8a8) for the simulated runtime.</summary>
    public required string Path { get; init; }
    public RuntimeSpec Runtime { get; init; } = RuntimeSpec.Sim;
    public int MaxInstances { get; init; } = 1;
    /// <summary>Cluster mode: copies of this model placed on different boards (each may scale to MaxInstances).</summary>
    public int Replicas { get; init; } = 1;
    /// <summary>NPU memory one handle of this model needs; used for the node budget and placement.</summary>
    public long MemoryLimitMb { get; init; } = 1024;
    public int MaxContextLen { get; init; } = 4096;
    public int MaxNewTokens { get; init; } = 512;
    public RkllmSampling Sampling { get; init; } = RkllmSampling.Default;
    /// <summary>Multi-batch mode of the runtime (n_batch); &gt; 1 lets one handle run that many requests together.</summary>
    public int NBatch { get; init; } = 1;
    public bool Preload { get; init; }
    public IReadOnlyList<LoraDefinition> Loras { get; init; } = [];
    public IReadOnlyList<PromptCacheDefinition> PromptCaches { get; init; } = [];
    public ChatTemplateDefinition? ChatTemplate { get; init; }
    public FunctionToolsDefinition? FunctionTools { get; init; }
    public MultimodalDefinition? Multimodal { get; init; }
}
