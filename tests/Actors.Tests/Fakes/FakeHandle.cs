using Nano.Runtime;

namespace Nano.Actors.Tests.Fakes;

/// <summary>A handle of <see cref="FakeRuntime"/>. Abort stops every run in flight, like rkllm_abort.</summary>
public sealed class FakeHandle(FakeRuntime runtime, int number) : IRkllmHandle
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _abort = new();
    private int _running;

    public int Number { get; } = number;
    public RuntimeInfo Info => runtime.Info;
    public bool IsRunning => Volatile.Read(ref _running) > 0;
    public int[] KvCacheSizes { get; set; } = [0];

    public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink) =>
        Execute(input, parameters, sink, async: false);

    public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        var thread = new Thread(() => Execute(input, parameters, sink, async: true)) { IsBackground = true, Name = $"fake-async-{Number}" };
        thread.Start();
    }

    public void Abort()
    {
        runtime.Calls.Enqueue($"abort:{Number}");
        lock (_lock)
        {
            _abort.Cancel();
            _abort = new CancellationTokenSource();
        }
    }

    public void LoadLora(RkllmLoraAdapter adapter) => runtime.Calls.Enqueue($"lora:{Number}:{adapter.Name}");
    public void LoadPromptCache(string path) => runtime.Calls.Enqueue($"cache:{Number}:{path}");
    public void ReleasePromptCache() => runtime.Calls.Enqueue($"release-cache:{Number}");

    public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null) =>
        runtime.Calls.Enqueue($"clear:{Number}:{Thread.CurrentThread.ManagedThreadId}");

    public int[] GetKvCacheSizes() => KvCacheSizes;
    public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix) => runtime.Calls.Enqueue($"template:{Number}");
    public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr) => runtime.Calls.Enqueue($"tools:{Number}");
    public void SetCrossAttnParams(RkllmCrossAttnParams parameters) { }

    public void Dispose()
    {
        runtime.Calls.Enqueue($"destroy:{Number}");
        runtime.OnDisposed();
    }

    private void Execute(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink, bool async)
    {
        CancellationToken abort;
        lock (_lock)
            abort = _abort.Token;
        Interlocked.Increment(ref _running);
        try
        {
            runtime.Execute(this, input, parameters, sink, abort, async);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
