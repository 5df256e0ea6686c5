using Nano.Runtime.Sim;
using Xunit.Abstractions;
using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

/// <summary>One board, one NPU: handles share its throughput and memory; batching on one handle gains throughput.</summary>
[Collection(SimCollection.Name)]
public class SimSharingSpec(ITestOutputHelper output)
{
    private const string Model = "qwen2-0.5b-w8a8";
    private const double SingleRate = 41.58;

    [Fact]
    public void Two_handles_on_one_board_share_the_NPU_so_each_gets_about_half_the_rate()
    {
        // Steps of 2.4 wall ms: the split between handles follows real arrival order, so keep steps long against CPU jitter.
        var runtime = NewRuntime(scale: 0.1);
        using var a = runtime.Init(Params(Model, maxNewTokens: 48));
        using var b = runtime.Init(Params(Model, maxNewTokens: 48));
        var sinkA = new RecordingSink();
        var sinkB = new RecordingSink();

        a.RunAsync(Tokens(32), Infer(), sinkA);
        b.RunAsync(Tokens(32, salt: 1), Infer(), sinkB);

        var rateA = sinkA.WaitPerf().DecodeTokensPerSecond;
        var rateB = sinkB.WaitPerf().DecodeTokensPerSecond;
        output.WriteLine($"single {SingleRate} tok/s; shared: A {rateA:0.00}, B {rateB:0.00}, sum {rateA + rateB:0.00}");
        AssertWithin(SingleRate / 2, rateA, 0.3, "handle A tok/s");
        AssertWithin(SingleRate / 2, rateB, 0.3, "handle B tok/s");
        AssertWithin(SingleRate, rateA + rateB, 0.15, "aggregate tok/s");
    }

    [Fact]
    public void Batched_runs_on_one_handle_gain_aggregate_throughput_by_the_documented_factor()
    {
        const int k = 4;
        var runtime = NewRuntime(scale: 0.02);
        using var handle = runtime.Init(Params(Model, maxNewTokens: 64, nBatch: k));
        var sinks = Enumerable.Range(0, k).Select(_ => new RecordingSink()).ToArray();

        for (var i = 0; i < k; i++) handle.RunAsync(Tokens(32, salt: i), Infer(), sinks[i]);

        var aggregate = sinks.Sum(s => s.WaitPerf().DecodeTokensPerSecond);
        output.WriteLine($"n_batch {k}: per run {string.Join(", ", sinks.Select(s => s.WaitPerf().DecodeTokensPerSecond.ToString("0.00")))}; sum {aggregate:0.00}");
        // Each step of k sequences costs 1 + 0.15 (k - 1) single steps: ~2.76x the single rate at k = 4, less the prefills in between.
        var ideal = SingleRate * k / (1 + 0.15 * (k - 1));
        Assert.InRange(aggregate, SingleRate * 2, ideal * 1.02);
    }

    [Fact]
    public void More_concurrent_runs_than_n_batch_are_refused()
    {
        var runtime = NewRuntime(scale: 0.02);
        using var handle = runtime.Init(Params(Model, maxNewTokens: 200, nBatch: 2));
        var sinks = new[] { new RecordingSink(), new RecordingSink() };
        handle.RunAsync(Tokens(8), Infer(), sinks[0]);
        handle.RunAsync(Tokens(8), Infer(), sinks[1]);

        var error = Assert.Throws<RkllmException>(() => handle.RunAsync(Tokens(8), Infer(), new RecordingSink()));

        Assert.Contains("busy", error.Message);
        handle.Abort();
        Assert.All(sinks, s => Assert.Equal(RkllmCallState.Finish, s.WaitEnd().State));
    }

    [Fact]
    public void Init_fails_when_the_board_memory_is_exhausted_and_dispose_gives_it_back()
    {
        var runtime = NewRuntime(memoryMb: 2000);
        var first = runtime.Init(Params("qwen2.5-1.5b-w8a8"));
        Assert.Equal(1689.21, runtime.Board.UsedMemoryMb, 2);
        Assert.Equal(2000 - 1689.21, runtime.Board.FreeMemoryMb, 2);

        var error = Assert.Throws<RkllmException>(() => runtime.Init(Params("qwen2-0.5b-w8a8")));
        Assert.Contains("MB free", error.Message);
        Assert.Equal(1689.21, runtime.Board.UsedMemoryMb, 2);

        first.Dispose();
        Assert.Equal(0, runtime.Board.UsedMemoryMb);
        using var second = runtime.Init(Params("qwen2-0.5b-w8a8"));
        Assert.Equal(669.56, runtime.Board.UsedMemoryMb, 2);
    }

    [Fact]
    public void Runtimes_built_on_the_same_board_share_its_memory()
    {
        var board = new SimulatedBoard("rk3576", memoryCapacityMb: 900, new SimClock(0.02));
        using var handle = new SimulatedRuntime(board).Init(Params("qwen2-0.5b-w4a16"));

        Assert.Throws<RkllmException>(() => new SimulatedRuntime(board, seed: 7).Init(Params("qwen3-0.6b-w4a16")));
        Assert.Equal(443.44, board.UsedMemoryMb, 2);
    }
}
