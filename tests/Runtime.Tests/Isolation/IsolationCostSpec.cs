using System.Diagnostics;
using Nano.Runtime.Isolation;
using Nano.Runtime.Native;
using Xunit.Abstractions;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>
/// What the per-callback round trip costs: the same fake runtime in process and behind the protocol.
/// A quick Stopwatch figure for the report (BenchmarkDotNet comes later). Unloaded here: ~0.5 µs in process,
/// 50-170 µs per callback over the protocol (four thread wake-ups on 2 cores). The bound is loose on purpose
/// (a loaded CI box reaches a few ms): it only catches a protocol that waits on timers or polls per callback.
/// </summary>
public sealed class IsolationCostSpec(ITestOutputHelper output)
{
    private const int Tokens = 5_000;
    private const double BoundMicroseconds = 10_000;

    [Fact]
    public void A_token_round_trip_over_the_protocol_costs_no_timer_tick()
    {
        var fake = new FakeRuntime();
        using var direct = fake.Init(new RkllmParams { ModelPath = "m" });
        using var host = new LoopbackHost();
        using var isolated = host.Init();

        Measure(direct, 1000); // warm up both paths
        Measure(isolated, 1000);
        var inProcess = Measure(direct, Tokens);
        var overSocket = Measure(isolated, Tokens);

        output.WriteLine($"in process: {inProcess:0.00} µs/token; over the protocol (loopback, no child): {overSocket:0.00} µs/token; " +
                         $"overhead {overSocket - inProcess:0.00} µs/token");
        Assert.InRange(overSocket, 0, BoundMicroseconds);
    }

    [Fact]
    public void The_isolated_emulator_adds_a_bounded_cost_per_token_over_the_in_process_binding()
    {
        using var models = new EmulatorModels();
        var parameters = new RkllmParams { ModelPath = models.Plain, MaxNewTokens = Tokens, MaxContextLen = Tokens + 100 };
        using var direct = new NativeRuntime(RkllmAbi.V1_3, EmulatorModels.Library(RkllmAbi.V1_3)).Init(parameters);
        using var isolated = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_3)).Init(parameters);

        Measure(direct, 1000, countWaiting: true);
        Measure(isolated, 1000, countWaiting: true);
        var inProcess = Measure(direct, Tokens, countWaiting: true);
        var overChild = Measure(isolated, Tokens, countWaiting: true);

        output.WriteLine($"emulator in process: {inProcess:0.00} µs/callback; isolated child: {overChild:0.00} µs/callback; " +
                         $"overhead {overChild - inProcess:0.00} µs/callback");
        Assert.InRange(overChild, 0, BoundMicroseconds);
    }

    /// <summary>Microseconds per callback; the emulator sends two callbacks (WAITING + NORMAL) for every fifth token.</summary>
    private static double Measure(IRkllmHandle handle, int tokens, bool countWaiting = false)
    {
        var sink = new CountingSink();
        var started = Stopwatch.GetTimestamp();
        handle.Run(new RkllmPromptInput("bench"), new RkllmInferParams { MaxNewTokens = tokens }, sink);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(tokens, sink.Count);
        return elapsed.TotalMicroseconds / (sink.Count + (countWaiting ? sink.Waiting : 0));
    }

    private sealed class CountingSink : IRkllmResultSink
    {
        public int Count;
        public int Waiting;

        public RkllmCallbackAction OnResult(RkllmResult result)
        {
            if (result.State == RkllmCallState.Normal) Count++;
            if (result.State == RkllmCallState.Waiting) Waiting++;
            return RkllmCallbackAction.Continue;
        }
    }
}
