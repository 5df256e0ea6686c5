using Microsoft.Extensions.Logging;
using Nano.Runtime.Sim;

namespace Nano.Runtime.Tests.Sim;

/// <summary>The simulated-NPU specs share the CPU-sensitive wall clock, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SimCollection
{
    public const string Name = "Simulated NPU";
}

/// <summary>Builders and bounded waits for the simulated-NPU specs.</summary>
internal static class SimTestKit
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static SimulatedRuntime NewRuntime(double scale = 0.01, string board = "rk3588", int seed = 0, double? memoryMb = null,
        ILogger? logger = null, RkllmAbi abi = RkllmAbi.V1_3) =>
        new(new SimulatedBoard(board, memoryMb, new SimClock(scale)), logger, seed, abi);

    public static RkllmParams Params(string profile, int maxNewTokens = 16, int nBatch = 1, int maxContext = 4096) =>
        new()
        {
            ModelPath = "sim://" + profile,
            MaxNewTokens = maxNewTokens,
            MaxContextLen = maxContext,
            Extend = new RkllmExtendParams { NBatch = nBatch },
        };

    /// <summary>A prompt of exactly n tokens (token input bypasses the simulator's text-length estimate).</summary>
    public static RkllmTokenInput Tokens(int n, int salt = 0) => new(Enumerable.Range(salt, n).ToArray());

    public static RkllmInferParams Infer(int maxNewTokens = 0, bool keepHistory = false, RkllmInferMode mode = RkllmInferMode.Generate) =>
        new() { MaxNewTokens = maxNewTokens, KeepHistory = keepHistory, Mode = mode };

    /// <summary>rkllm_run blocks without a timeout; the specs run it on a pool thread and bound the wait.</summary>
    public static void RunBounded(IRkllmHandle handle, RkllmInput input, RkllmInferParams infer, IRkllmResultSink sink)
    {
        var run = Task.Run(() => handle.Run(input, infer, sink));
        Assert.True(run.Wait(Bound), "Run did not return in time");
    }

    public static void AssertWithin(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Abs(expected) * relative,
            $"{what}: expected {expected:0.###} ± {relative:P0}, got {actual:0.###}");
}

/// <summary>Records callbacks; optionally answers with an action chosen per Normal token (0-based index).</summary>
internal sealed class RecordingSink(Func<int, RkllmCallbackAction>? onToken = null) : IRkllmResultSink
{
    private readonly object gate = new();
    private readonly List<RkllmResult> results = [];
    private readonly HashSet<int> threads = [];
    private int tokens;

    /// <summary>Stopwatch timestamp of the Finish or Error callback.</summary>
    public long EndedAt { get; private set; }

    public TaskCompletionSource<RkllmResult> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RkllmCallbackAction OnResult(RkllmResult result)
    {
        int index;
        lock (gate)
        {
            results.Add(result);
            threads.Add(Environment.CurrentManagedThreadId);
            index = result.State == RkllmCallState.Normal && result.TokenId >= 0 ? tokens++ : -1;
        }
        if (result.State is RkllmCallState.Finish or RkllmCallState.Error)
        {
            EndedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            Ended.TrySetResult(result);
        }
        return index >= 0 && onToken is not null ? onToken(index) : RkllmCallbackAction.Continue;
    }

    public IReadOnlyList<RkllmResult> Results { get { lock (gate) return results.ToList(); } }
    public IReadOnlyCollection<int> Threads { get { lock (gate) return threads.ToList(); } }
    public int[] TokenIds => Results.Where(r => r.State == RkllmCallState.Normal && r.TokenId >= 0).Select(r => r.TokenId).ToArray();
    public string Text => string.Concat(Results.Where(r => r.State == RkllmCallState.Normal).Select(r => r.Text));

    public RkllmResult WaitEnd()
    {
        Assert.True(Ended.Task.Wait(SimTestKit.Bound), "the run did not end in time");
        return Ended.Task.Result;
    }

    public RkllmPerfStats WaitPerf() =>
        WaitEnd() is { State: RkllmCallState.Finish, Perf: { } perf } ? perf : throw new Xunit.Sdk.XunitException("run did not finish with perf");
}

/// <summary>Keeps formatted log lines.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<string> lines = [];
    public IReadOnlyList<string> Lines { get { lock (lines) return lines.ToList(); } }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines) lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
