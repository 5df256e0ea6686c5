namespace Nano.Runtime.Sim.Internal;

/// <summary>One validated rkllm_run call, as the engine needs it.</summary>
/// <param name="InputTokens">Prefill tokens of the input (prompt with template, token ids, embeddings, image tokens).</param>
/// <param name="MaxNewTokens">Resolved max_new_tokens; &lt;= 0 generates until the context is full.</param>
/// <param name="InputHash">Stable hash of (seed, input, LoRA): seeds the text and the tensors.</param>
/// <param name="Script">The run's whole output, one piece a token (a simulated tool call), instead of lorem ipsum.</param>
internal sealed record SimRunRequest(
    RkllmInferMode Mode,
    bool KeepHistory,
    int MaxNewTokens,
    int InputTokens,
    ulong InputHash,
    RkllmPromptCacheParams? PromptCache,
    IReadOnlyList<string>? Script = null);

/// <summary>Completion of a blocking Run: finished, paused or failed.</summary>
internal sealed class SimRunCall : IDisposable
{
    private readonly ManualResetEventSlim done = new();

    public string? Error { get; private set; }

    public void Complete(string? error = null)
    {
        Error = error;
        done.Set();
    }

    /// <summary>rkllm_run blocks without a timeout; the engine completes every call (finish, pause, error, abort, destroy).</summary>
    public void Wait() => done.Wait();

    public void Dispose() => done.Dispose();
}
