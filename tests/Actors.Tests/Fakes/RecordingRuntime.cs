using System.Collections.Concurrent;
using Nano.Runtime;

namespace Nano.Actors.Tests.Fakes;

/// <summary>Wraps a real runtime (sim, emulator) and records the thread every Init and Run is called on.</summary>
public sealed class RecordingRuntime(IRkllmRuntime inner) : IRkllmRuntime
{
    public ConcurrentQueue<(string Call, int ThreadId, bool IsThreadPoolThread)> Calls { get; } = new();
    public ConcurrentQueue<RkllmParams> Inits { get; } = new();
    private int _active;
    private int _maxActive;

    /// <summary>Most blocking runs in flight at once, across all handles of this runtime.</summary>
    public int MaxConcurrentRuns => Volatile.Read(ref _maxActive);
    public RuntimeInfo Info => inner.Info;

    public RkllmParams CreateDefaultParams(string modelPath) => inner.CreateDefaultParams(modelPath);

    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null)
    {
        Record("init");
        Inits.Enqueue(parameters);
        return new Handle(inner.Init(parameters, options), this);
    }

    private void Record(string call) =>
        Calls.Enqueue((call, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));

    private sealed class Handle(IRkllmHandle inner, RecordingRuntime owner) : IRkllmHandle
    {
        public RuntimeInfo Info => inner.Info;
        public bool IsRunning => inner.IsRunning;

        public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
        {
            owner.Record("run");
            var active = Interlocked.Increment(ref owner._active);
            int max;
            while ((max = Volatile.Read(ref owner._maxActive)) < active && Interlocked.CompareExchange(ref owner._maxActive, active, max) != max)
            {
            }
            try
            {
                inner.Run(input, parameters, sink);
            }
            finally
            {
                Interlocked.Decrement(ref owner._active);
            }
        }

        public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
        {
            owner.Record("run-async");
            inner.RunAsync(input, parameters, sink);
        }

        public void Abort()
        {
            owner.Record("abort");
            inner.Abort();
        }

        public void Dispose()
        {
            owner.Record("destroy");
            inner.Dispose();
        }

        public void LoadLora(RkllmLoraAdapter adapter) => inner.LoadLora(adapter);
        public void LoadPromptCache(string path) => inner.LoadPromptCache(path);
        public void ReleasePromptCache() => inner.ReleasePromptCache();
        public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null) => inner.ClearKvCache(keepSystemPrompt, startPos, endPos);
        public int[] GetKvCacheSizes() => inner.GetKvCacheSizes();
        public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix) => inner.SetChatTemplate(systemPrompt, promptPrefix, promptPostfix);
        public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr) => inner.SetFunctionTools(systemPrompt, toolsJson, toolResponseStr);
        public void SetCrossAttnParams(RkllmCrossAttnParams parameters) => inner.SetCrossAttnParams(parameters);
    }
}
