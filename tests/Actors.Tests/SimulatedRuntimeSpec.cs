using Nano.Actors.Protocol;
using Nano.Actors.Tests.Fakes;
using Nano.Runtime;
using Nano.Runtime.Sim;

namespace Nano.Actors.Tests;

/// <summary>The pool over the simulated NPU: one board shared by every handle of the node, 100× faster than real time.</summary>
public sealed class SimulatedRuntimeSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    private readonly SimulatedBoard _board = new("rk3588", clock: new SimClock(timeScale: 0.01));

    private RecordingRuntime NewRuntime() => new(new SimulatedRuntime(_board));

    private Configuration.ModelDefinition SimModel(string name, IRkllmRuntime runtime, int maxNewTokens = 32, int nBatch = 1) =>
        Runtimes.Model(name, runtime, m => m with
        {
            Path = "sim://qwen2-0.5b-w8a8",
            MemoryLimitMb = 700,
            MaxNewTokens = maxNewTokens,
            NBatch = nBatch,
        });

    [Fact]
    public async Task Simulated_tokens_arrive_in_order_and_the_completion_says_simulated()
    {
        var pool = StartPool(FastSettings, SimModel("qwen2-0.5b", NewRuntime()));
        var probe = CreateTestProbe();

        pool.Tell(Request("qwen2-0.5b", "r1", probe.Ref, prompt: "tell me about the npu"));

        var (chunks, final) = await CollectAsync(probe);
        var completed = Assert.IsType<Completed>(final);
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        Assert.Equal(32, completed.Usage.CompletionTokens);
        Assert.Equal(FinishReason.Length, completed.Reason);
        Assert.True(completed.Origin.Simulated);
        Assert.Contains("SIMULATED", completed.Origin.Runtime);
        Assert.NotNull(completed.Perf);
        Assert.True(completed.Usage.PromptTokens > 0);
    }

    [Fact]
    public async Task Cancelling_a_simulated_run_aborts_it_mid_stream()
    {
        var pool = StartPool(FastSettings, SimModel("qwen2-0.5b", NewRuntime(), maxNewTokens: 3000));
        var probe = CreateTestProbe();
        await LoadAsync(pool, "qwen2-0.5b");

        pool.Tell(Request("qwen2-0.5b", "r1", probe.Ref));
        for (var i = 0; i < 3; i++)
            await probe.ExpectMsgAsync<TokenChunk>(Bounded);
        pool.Tell(new CancelRequest("qwen2-0.5b", "r1"));

        var (chunks, final) = await CollectAsync(probe);
        Assert.Equal(NanoErrorCode.Cancelled, Assert.IsType<Failed>(final).Code);
        Assert.True(chunks.Count < 2900, $"{chunks.Count} chunks after the cancel");

        pool.Tell(Request("qwen2-0.5b", "r2", probe.Ref) with { MaxNewTokens = 4 });
        Assert.Equal(4, (await ExpectFinalAsync<Completed>(probe)).Usage.CompletionTokens);
    }

    [Fact]
    public async Task Eight_simulated_handles_share_the_board_and_stream_on_eight_pinned_threads()
    {
        var runtime = NewRuntime();
        var models = Enumerable.Range(0, 8).Select(i => SimModel($"m{i}", runtime, maxNewTokens: 128)).ToArray();
        var pool = StartPool(FastSettings, models);
        var probes = Enumerable.Range(0, 8).Select(_ => CreateTestProbe()).ToArray();

        for (var i = 0; i < 8; i++)
            pool.Tell(Request($"m{i}", $"r{i}", probes[i].Ref));

        for (var i = 0; i < 8; i++)
        {
            var (chunks, final) = await CollectAsync(probes[i]);
            Assert.Equal(128, Assert.IsType<Completed>(final).Usage.CompletionTokens);
            Assert.All(chunks, c => Assert.Equal($"r{i}", c.RequestId));
        }
        var runs = runtime.Calls.Where(c => c.Call == "run").ToList();
        Assert.Equal(8, runs.Select(r => r.ThreadId).Distinct().Count());
        Assert.DoesNotContain(runs, r => r.IsThreadPoolThread);
        Assert.Equal(8, runtime.MaxConcurrentRuns);
    }

    [Fact]
    public async Task A_simulated_multi_batch_handle_splits_four_streams()
    {
        var runtime = NewRuntime();
        var pool = StartPool(FastSettings, SimModel("batched", runtime, maxNewTokens: 24, nBatch: 4));
        await LoadAsync(pool, "batched");
        var probes = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToArray();

        for (var i = 0; i < 4; i++)
            pool.Tell(Request("batched", $"r{i}", probes[i].Ref, prompt: $"prompt number {i}"));

        for (var i = 0; i < 4; i++)
        {
            var (chunks, final) = await CollectAsync(probes[i]);
            Assert.Equal(24, Assert.IsType<Completed>(final).Usage.CompletionTokens);
            Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
            Assert.All(chunks, c => Assert.Equal($"r{i}", c.RequestId));
        }
        Assert.Single(runtime.Inits);
        Assert.Equal(4, runtime.Calls.Count(c => c.Call == "run-async"));
    }
}
