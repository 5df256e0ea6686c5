using Nano.Runtime.Sim;
using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

[Collection(SimCollection.Name)]
public class ZeroLatencyRuntimeSpec
{
    [Fact]
    public void A_sim_zero_model_emits_max_new_tokens_at_once_and_says_it_is_simulated()
    {
        var board = new SimulatedBoard("rk3588", memoryCapacityMb: 100);
        var runtime = new SimulatedRuntime(board);
        using var handle = runtime.Init(Params("zero", maxNewTokens: 64));
        var sink = new RecordingSink();

        RunBounded(handle, Tokens(8), Infer(maxNewTokens: 5), sink);

        var perf = sink.WaitPerf();
        Assert.Equal(5, perf.GenerateTokens);
        Assert.Equal("xxxxx", sink.Text);
        Assert.True(handle.Info.IsSimulated);
        Assert.Equal(ZeroLatencyRuntime.Version, handle.Info.Version);
        Assert.Contains("SIMULATED", handle.Info.ToString());
        Assert.Equal(0.0, board.UsedMemoryMb); // no profile, no board memory: it stands for no model at all
    }

    [Fact]
    public void Without_a_per_run_limit_the_model_default_applies()
    {
        using var handle = NewRuntime().Init(Params("zero", maxNewTokens: 3));
        var sink = new RecordingSink();

        RunBounded(handle, Tokens(1), Infer(), sink);

        Assert.Equal(3, sink.WaitPerf().GenerateTokens);
    }
}
