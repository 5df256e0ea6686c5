using System.Diagnostics;
using Xunit.Abstractions;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>
/// What the per-callback round trip costs: the same fake runtime in process and behind the protocol.
/// A quick Stopwatch figure for the report (BenchmarkDotNet comes later); the bound only catches a protocol
/// that has started waiting on timers or batching.
/// </summary>
public sealed class IsolationCostSpec(ITestOutputHelper output)
{
    private const int Tokens = 20_000;

    [Fact]
    public void A_token_round_trip_over_the_protocol_costs_well_under_a_millisecond()
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
        Assert.InRange(overSocket, 0, 1000);
    }

    private static double Measure(IRkllmHandle handle, int tokens)
    {
        var sink = new CountingSink();
        var started = Stopwatch.GetTimestamp();
        handle.Run(new RkllmPromptInput("bench"), new RkllmInferParams { MaxNewTokens = tokens }, sink);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(tokens, sink.Count);
        return elapsed.TotalMicroseconds / tokens;
    }

    private sealed class CountingSink : IRkllmResultSink
    {
        public int Count;

        public RkllmCallbackAction OnResult(RkllmResult result)
        {
            if (result.State == RkllmCallState.Normal) Count++;
            return RkllmCallbackAction.Continue;
        }
    }
}
