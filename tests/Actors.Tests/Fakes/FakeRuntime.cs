using System.Collections.Concurrent;
using Nano.Runtime;

namespace Nano.Actors.Tests.Fakes;

/// <summary>What one run saw: the thread it ran on and the parameters it got.</summary>
public sealed record RunRecord(int HandleNumber, string Prompt, int ThreadId, bool IsThreadPoolThread, RkllmInferParams Parameters, bool Async);

/// <summary>
/// A controllable runtime for actor specs: zero latency by default, optional per-token delay, a gate that holds
/// runs, a barrier that releases runs only once N are in flight together, faults on demand; records threads,
/// init parameters and disposals; honours Abort. Tokens read "prompt#i" so split streams can be checked.
/// </summary>
public sealed class FakeRuntime(string name) : IRkllmRuntime
{
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private readonly ManualResetEventSlim _barrierOpen = new(initialState: true);
    private int _barrier;
    private int _active;
    private int _maxActive;
    private int _faultNextRuns;
    private int _handleCount;
    private int _disposed;

    public string Name { get; } = name;
    public RuntimeInfo Info { get; } = new(RuntimeKind.Emulator, RkllmAbi.V1_3, "fake-1.0", $"fake://{name}", Isolated: false);
    public int TokensPerRun { get; set; } = 5;
    public TimeSpan PerTokenDelay { get; set; } = TimeSpan.Zero;
    /// <summary>Every run throws a RuntimeFaultException (a dead child, say).</summary>
    public bool FaultAlways { get; set; }
    public string? InitFailure { get; set; }
    /// <summary>A wedged runtime: a held run ignores rkllm_abort and waits for <see cref="Release"/> alone.</summary>
    public bool IgnoreAbort { get; set; }
    public ConcurrentQueue<RunRecord> Runs { get; } = new();
    public ConcurrentQueue<RkllmParams> Inits { get; } = new();
    public ConcurrentQueue<string> Calls { get; } = new();

    public int ActiveRuns => Volatile.Read(ref _active);
    public int MaxConcurrentRuns => Volatile.Read(ref _maxActive);
    public int InitCount => Inits.Count;
    public int DisposedCount => Volatile.Read(ref _disposed);
    public int LiveHandles => InitCount - DisposedCount;

    /// <summary>Runs wait at their start until <see cref="Release"/> (or an abort).</summary>
    public void Hold() => _gate.Reset();

    public void Release() => _gate.Set();

    /// <summary>Runs wait at their start until <paramref name="count"/> runs are in flight together.</summary>
    public void RequireConcurrentRuns(int count)
    {
        Volatile.Write(ref _barrier, count);
        _barrierOpen.Reset();
    }

    public void FaultNextRuns(int count) => Interlocked.Exchange(ref _faultNextRuns, count);

    public RkllmParams CreateDefaultParams(string modelPath) => new() { ModelPath = modelPath };

    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null)
    {
        if (InitFailure is { } failure)
            throw new RkllmException("rkllm_init", -1, failure);
        Inits.Enqueue(parameters);
        return new FakeHandle(this, Interlocked.Increment(ref _handleCount));
    }

    internal void OnDisposed() => Interlocked.Increment(ref _disposed);

    /// <summary>One run's body, on the caller's thread (Run) or a thread of its own (RunAsync).</summary>
    internal void Execute(FakeHandle handle, RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink, CancellationToken abort, bool async)
    {
        var prompt = input is RkllmPromptInput p ? p.Prompt : input.Type.ToString();
        var thread = Thread.CurrentThread;
        Runs.Enqueue(new RunRecord(handle.Number, prompt, thread.ManagedThreadId, thread.IsThreadPoolThread, parameters, async));
        var active = Interlocked.Increment(ref _active);
        InterlockedMax(ref _maxActive, active);
        try
        {
            if (FaultAlways || Interlocked.Decrement(ref _faultNextRuns) >= 0)
                throw new RuntimeFaultException(RuntimeFaultKind.Crashed, $"fake runtime {Name} crashed");
            if (active >= Volatile.Read(ref _barrier))
                _barrierOpen.Set();
            var generated = 0;
            var gateAbort = IgnoreAbort ? CancellationToken.None : abort;
            if (Wait(_barrierOpen, gateAbort) && Wait(_gate, gateAbort))
            {
                var tokens = parameters.MaxNewTokens > 0 ? Math.Min(parameters.MaxNewTokens, TokensPerRun) : TokensPerRun;
                for (var i = 0; i < tokens && !abort.IsCancellationRequested; i++)
                {
                    if (PerTokenDelay > TimeSpan.Zero && abort.WaitHandle.WaitOne(PerTokenDelay))
                        break;
                    sink.OnResult(new RkllmResult(RkllmCallState.Normal, $"{prompt}#{i} ", i));
                    generated++;
                }
            }
            sink.OnResult(new RkllmResult(RkllmCallState.Finish, null, -1)
            {
                Perf = new RkllmPerfStats(1, 3, generated, generated, 100),
            });
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private static bool Wait(ManualResetEventSlim gate, CancellationToken abort)
    {
        try
        {
            // Bounded so a broken spec fails instead of hanging the run.
            return gate.Wait(TimeSpan.FromSeconds(20), abort);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
