using System.Collections.Concurrent;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>A runtime defined by the tests: records every call, streams tokens from a thread of its own.</summary>
internal sealed class FakeRuntime : IRkllmRuntime
{
    public RuntimeInfo Info { get; } = new(RuntimeKind.Emulator, RkllmAbi.V1_3, "1.3.0-fake", "fake.so", Isolated: false);

    public FakeHandle? Handle { get; private set; }

    public RkllmParams CreateDefaultParams(string modelPath) => new() { ModelPath = modelPath, MaxContextLen = 1234, NKeep = 7 };

    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null)
    {
        if (parameters.ModelPath == "missing.rkllm") throw new RkllmException("rkllm_init", -1, "model file not found");
        return Handle = new FakeHandle(Info, parameters);
    }
}

/// <summary>
/// Prompts steer it: "fail" makes rkllm_run fail, "hang" stops after the first token until aborted, "silent" ends
/// after one token without a final callback; otherwise it
/// streams MaxNewTokens (default 5) tokens "t0".."tN" and a Finish with perf. Abort ends the stream with Finish.
/// </summary>
internal sealed class FakeHandle(RuntimeInfo info, RkllmParams parameters) : IRkllmHandle
{
    private readonly ManualResetEventSlim aborted = new();
    private volatile bool running;

    public RkllmParams Parameters { get; } = parameters;
    public ConcurrentQueue<string> Calls { get; } = new();
    public RkllmInput? LastInput { get; private set; }
    public RkllmInferParams? LastParams { get; private set; }
    public RkllmCrossAttnParams? CrossAttn { get; private set; }
    public ManualResetEventSlim Disposed { get; } = new();
    /// <summary>LoadPromptCache("block") waits on this: a call that never answers.</summary>
    public ManualResetEventSlim Unblock { get; } = new();

    public RuntimeInfo Info { get; } = info;
    public bool IsRunning => running;

    public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        Start(input, parameters, sink).Join();
    }

    public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink) => Start(input, parameters, sink);

    public void Abort()
    {
        Calls.Enqueue("Abort");
        aborted.Set();
    }

    public void LoadLora(RkllmLoraAdapter adapter)
    {
        if (adapter.Name == "boom") throw new InvalidOperationException("lora exploded");
        Calls.Enqueue($"LoadLora {adapter.Path} {adapter.Name} {adapter.Scale}");
    }

    public void LoadPromptCache(string path)
    {
        if (path == "block") Unblock.Wait();
        if (path == "missing") throw new RkllmException("rkllm_load_prompt_cache", -2, "no such file");
        Calls.Enqueue($"LoadPromptCache {path}");
    }

    public void ReleasePromptCache() => Calls.Enqueue("ReleasePromptCache");

    public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null) =>
        Calls.Enqueue($"ClearKvCache {keepSystemPrompt} [{Join(startPos)}] [{Join(endPos)}]");

    public int[] GetKvCacheSizes() => [17, 4];

    public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix) =>
        Calls.Enqueue($"SetChatTemplate {systemPrompt}|{promptPrefix}|{promptPostfix}");

    public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr) =>
        Calls.Enqueue($"SetFunctionTools {systemPrompt}|{toolsJson}|{toolResponseStr}");

    public void SetCrossAttnParams(RkllmCrossAttnParams parameters) => CrossAttn = parameters;

    public void Dispose()
    {
        Calls.Enqueue("Dispose");
        aborted.Set();
        Unblock.Set();
        Disposed.Set();
    }

    private Thread Start(RkllmInput input, RkllmInferParams p, IRkllmResultSink sink)
    {
        if (input is RkllmPromptInput { Prompt: "fail" }) throw new RkllmException("rkllm_run", -3, "bad input");
        LastInput = input;
        LastParams = p;
        aborted.Reset();
        running = true;
        var thread = new Thread(() => Stream(input, p, sink)) { IsBackground = true, Name = "fake runtime" };
        thread.Start();
        return thread;
    }

    private void Stream(RkllmInput input, RkllmInferParams p, IRkllmResultSink sink)
    {
        try
        {
            var count = p.MaxNewTokens > 0 ? p.MaxNewTokens : 5;
            for (var i = 0; i < count && !aborted.IsSet; i++)
            {
                var result = new RkllmResult(RkllmCallState.Normal, $"t{i}", i) with
                {
                    HiddenLayer = p.Mode == RkllmInferMode.LastHiddenLayer ? new RkllmHiddenLayer([i, 0.5f, -1f], 3, 1) : null,
                    Logits = p.Mode == RkllmInferMode.Logits ? new RkllmLogits([0.25f, i], 2, 1) : null,
                };
                if (sink.OnResult(result) == RkllmCallbackAction.Pause) return;
                if (input is RkllmPromptInput { Prompt: "hang" }) aborted.Wait();
                if (input is RkllmPromptInput { Prompt: "silent" }) return;
            }
            sink.OnResult(new RkllmResult(RkllmCallState.Finish, null, -1) { Perf = new RkllmPerfStats(1.5f, 3, 10f, count, 42f) });
        }
        finally { running = false; }
    }

    private static string Join(int[]? values) => values is null ? "null" : string.Join(",", values);
}
