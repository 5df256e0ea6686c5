namespace Nano.Runtime;

/// <summary>RKLLMExtendParam. Defaults follow real deployments: embed_flash on, big cores (4-7), one batch.</summary>
public sealed record RkllmExtendParams
{
    public int BaseDomainId { get; init; }
    public bool EmbedFlash { get; init; } = true;
    public int EnabledCpusNum { get; init; } = 4;
    /// <summary>Bit i enables CPU i. 0xF0 = cores 4-7, the big cores on RK3588 and RK3576.</summary>
    public uint EnabledCpusMask { get; init; } = 0xF0;
    public int NBatch { get; init; } = 1;
    public bool UseCrossAttn { get; init; }
}

/// <summary>Sampling parameters (the sampling fields of RKLLMParam; RKLLMSamplingParam on v1.3).</summary>
public sealed record RkllmSampling
{
    public int TopK { get; init; } = 1;
    public float TopP { get; init; } = 0.9f;
    public float Temperature { get; init; } = 0.8f;
    public float RepeatPenalty { get; init; } = 1.1f;
    public float FrequencyPenalty { get; init; }
    public float PresencePenalty { get; init; }
    public int Mirostat { get; init; }
    public float MirostatTau { get; init; } = 5.0f;
    public float MirostatEta { get; init; } = 0.1f;

    public static RkllmSampling Default { get; } = new();
}

/// <summary>v1.2 only: the image tags that v1.3 moved into the multimodal input.</summary>
public sealed record RkllmImageTags(string? Start, string? End, string? Content);

/// <summary>RKLLMParam: everything rkllm_init needs.</summary>
public sealed record RkllmParams
{
    public required string ModelPath { get; init; }
    public int MaxContextLen { get; init; } = 4096;
    public int MaxNewTokens { get; init; } = 512;
    /// <summary>KV entries kept at the start when the context window shifts.</summary>
    public int NKeep { get; init; }
    public RkllmSampling Sampling { get; init; } = RkllmSampling.Default;
    public bool SkipSpecialToken { get; init; } = true;
    /// <summary>v1.3 only; ignored (must be false) on v1.2.</summary>
    public bool IgnoreEosToken { get; init; }
    public bool IsAsync { get; init; }
    /// <summary>v1.2 only; on v1.3 the tags travel with each multimodal input.</summary>
    public RkllmImageTags? ImageTags { get; init; }
    public RkllmExtendParams Extend { get; init; } = new();
}

/// <summary>RKLLMLoraAdapter.</summary>
public sealed record RkllmLoraAdapter(string Path, string Name, float Scale = 1.0f);

/// <summary>RKLLMPromptCacheParam: save the prompt cache of this run to a file.</summary>
public sealed record RkllmPromptCacheParams(bool Save, string Path);

/// <summary>RKLLMInferParam.</summary>
public sealed record RkllmInferParams
{
    public RkllmInferMode Mode { get; init; } = RkllmInferMode.Generate;
    /// <summary>Name of a LoRA adapter loaded with LoadLora, or null for none.</summary>
    public string? LoraAdapter { get; init; }
    public RkllmPromptCacheParams? PromptCache { get; init; }
    /// <summary>v1.3 only: overrides the init sampling for this run.</summary>
    public RkllmSampling? Sampling { get; init; }
    public bool KeepHistory { get; init; }
    /// <summary>v1.3 only: &lt;= 0 keeps the init value.</summary>
    public int MaxNewTokens { get; init; }

    public static RkllmInferParams Default { get; } = new();
}

/// <summary>RKLLMCrossAttnParam: encoder K/V caches, mask and positions for cross-attention decoders.</summary>
public sealed record RkllmCrossAttnParams(float[] EncoderKCache, float[] EncoderVCache, float[] EncoderMask, int[] EncoderPos, int NumTokens);
