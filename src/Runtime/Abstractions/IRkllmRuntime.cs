namespace Nano.Runtime;

/// <summary>What a runtime says about itself, carried into model metadata and logs.</summary>
public sealed record RuntimeInfo(RuntimeKind Kind, RkllmAbi Abi, string Version, string Library, bool Isolated)
{
    /// <summary>True when results do not come from a real NPU. Simulated output must always say so.</summary>
    public bool IsSimulated => Kind == RuntimeKind.Simulated;

    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()} {Version} (abi {(Abi == RkllmAbi.V1_3 ? "v1.3" : "v1.2")}{(Isolated ? ", isolated" : "")}{(IsSimulated ? ", SIMULATED" : "")}) {Library}";
}

/// <summary>Init-time options beyond RKLLMParam: the v1.3 optional callbacks.</summary>
public sealed record RkllmInitOptions
{
    public IRkllmTokenizer? Tokenizer { get; init; }
    public IRkllmEmbedder? Embedder { get; init; }
    public static RkllmInitOptions None { get; } = new();
}

/// <summary>
/// A runtime implementation (the library level of rkllm.h): creates default parameters and handles.
/// Implementations: native P/Invoke (vendor library or emulator), simulated NPU, isolated child process.
/// </summary>
public interface IRkllmRuntime
{
    RuntimeInfo Info { get; }

    /// <summary>rkllm_createDefaultParam, as managed values.</summary>
    RkllmParams CreateDefaultParams(string modelPath);

    /// <summary>rkllm_init. Blocks while the model loads. Throws <see cref="RkllmException"/> on failure.</summary>
    IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null);
}

/// <summary>
/// One initialised model handle (LLMHandle). Thread-affine in practice: nano calls it only from the owning
/// handle actor's pinned thread, except <see cref="Abort"/> and <see cref="IsRunning"/>, which are safe from any thread.
/// Dispose is rkllm_destroy. Failing calls throw <see cref="RkllmException"/> naming the function and code;
/// a dead isolated child throws <see cref="RuntimeFaultException"/>.
/// </summary>
public interface IRkllmHandle : IDisposable
{
    RuntimeInfo Info { get; }

    /// <summary>rkllm_run: blocks until the run finishes, is aborted or pauses; callbacks go to sink on the runtime's thread.</summary>
    void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink);

    /// <summary>rkllm_run_async: returns at once; callbacks arrive later, ending with Finish or Error.</summary>
    void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink);

    /// <summary>rkllm_abort: stops the current run. Safe from any thread.</summary>
    void Abort();

    /// <summary>rkllm_is_running.</summary>
    bool IsRunning { get; }

    void LoadLora(RkllmLoraAdapter adapter);
    void LoadPromptCache(string path);
    void ReleasePromptCache();

    /// <summary>rkllm_clear_kv_cache. Ranges (one per batch) are honoured only while paused with keep_history = 0.</summary>
    void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null);

    /// <summary>rkllm_get_kv_cache_size: one entry per batch (n_batch entries).</summary>
    int[] GetKvCacheSizes();

    void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix);
    /// <summary>rkllm_set_function_tools. Empty strings turn function calling off (nano's convention: rkllm.h names no call for it).</summary>
    void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr);
    void SetCrossAttnParams(RkllmCrossAttnParams parameters);
}
