namespace Nano.Runtime.Sim;

/// <summary>
/// A runtime that costs nothing: each run emits <see cref="RkllmInferParams.MaxNewTokens"/> one-character tokens
/// on the calling thread and finishes, so a benchmark or a load generator measures nano's own path and none of a
/// runtime's. Selected by the model path <see cref="ModelPath"/> on the simulated runtime; its
/// <see cref="RuntimeInfo"/> is <see cref="RuntimeKind.Simulated"/>, so every answer says simulated.
/// </summary>
public sealed class ZeroLatencyRuntime(RkllmAbi abi = RkllmAbi.V1_3) : IRkllmRuntime
{
    /// <summary>The models.json path (runtime sim) of a zero-latency model.</summary>
    public const string ModelPath = "sim://zero";

    public const string Version = "zero-latency";

    public RuntimeInfo Info { get; } = new(RuntimeKind.Simulated, abi, Version, $"{ModelPath} (no model: tokens cost nothing)", Isolated: false);

    /// <summary>Whether a model path names this runtime rather than a calibrated profile.</summary>
    public static bool Serves(string? modelPath) => string.Equals(modelPath, ModelPath, StringComparison.OrdinalIgnoreCase);

    public RkllmParams CreateDefaultParams(string modelPath) => new() { ModelPath = modelPath };

    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null) => new Handle(Info, parameters.MaxNewTokens);

    private sealed class Handle(RuntimeInfo info, int defaultTokens) : IRkllmHandle
    {
        private static readonly RkllmResult Token = new(RkllmCallState.Normal, "x", 7);
        private static readonly RkllmPerfStats Perf = new(0, 1, 0, 0, 0);
        private volatile bool aborted;

        public RuntimeInfo Info => info;
        public bool IsRunning => false;

        public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
        {
            aborted = false;
            var tokens = parameters.MaxNewTokens > 0 ? parameters.MaxNewTokens : defaultTokens;
            for (var i = 0; i < tokens && !aborted; i++)
                if (sink.OnResult(Token) == RkllmCallbackAction.Pause) return;
            sink.OnResult(new RkllmResult(RkllmCallState.Finish, null, -1) { Perf = Perf with { GenerateTokens = tokens } });
        }

        public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink) =>
            ThreadPool.UnsafeQueueUserWorkItem(_ => Run(input, parameters, sink), null);

        public void Abort() => aborted = true;
        public void LoadLora(RkllmLoraAdapter adapter) { }
        public void LoadPromptCache(string path) { }
        public void ReleasePromptCache() { }
        public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null) { }
        public int[] GetKvCacheSizes() => [0];
        public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix) { }
        public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr) { }
        public void SetCrossAttnParams(RkllmCrossAttnParams parameters) { }
        public void Dispose() { }
    }
}
