using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>Handles on their own pinned threads, and multi-batch handles splitting their streams.</summary>
public sealed class ConcurrencySpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task Eight_handles_stream_concurrently_on_eight_distinct_dedicated_threads()
    {
        var shared = new Fakes.FakeRuntime("shared") { TokensPerRun = 20 };
        var models = Enumerable.Range(0, 8).Select(i => Runtimes.Model($"m{i}", shared)).ToArray();
        // A run starts streaming only once all eight are in flight together.
        shared.RequireConcurrentRuns(8);
        var pool = StartPool(FastSettings, models);
        var probes = Enumerable.Range(0, 8).Select(_ => CreateTestProbe()).ToArray();

        for (var i = 0; i < 8; i++)
            pool.Tell(Request($"m{i}", $"r{i}", probes[i].Ref));

        for (var i = 0; i < 8; i++)
        {
            var (chunks, final) = await CollectAsync(probes[i]);
            Assert.IsType<Completed>(final);
            Assert.Equal(Enumerable.Range(0, 20).Select(t => $"r{i}#{t} "), chunks.Select(c => c.Text));
        }
        Assert.Equal(8, shared.MaxConcurrentRuns);
        var runs = shared.Runs.ToList();
        Assert.Equal(8, runs.Select(r => r.ThreadId).Distinct().Count());
        Assert.All(runs, r => Assert.False(r.IsThreadPoolThread, $"run {r.Prompt} ran on a thread-pool thread"));
        var status = await StatusAsync(pool);
        Assert.Equal((8, 8192L), (status.LiveHandles, status.UsedMemoryMb));
    }

    [Fact]
    public async Task Init_and_runs_of_a_handle_happen_on_its_one_pinned_thread()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        for (var i = 0; i < 3; i++)
        {
            pool.Tell(Request("qwen", $"r{i}", probe.Ref) with { SessionId = i == 0 ? "s" : null });
            await ExpectFinalAsync<Completed>(probe);
        }

        var threads = runtime.Runs.Select(r => r.ThreadId).Distinct().ToList();
        Assert.Single(threads);
        Assert.False(runtime.Runs.First().IsThreadPoolThread);
        // The KV clear of the new session ran there as well.
        Assert.Contains($"clear:1:{threads[0]}", runtime.Calls);
    }

    [Fact]
    public async Task A_multi_batch_handle_runs_its_requests_together_and_splits_the_streams()
    {
        var (model, runtime) = Runtimes.Model("batched", m => m with { NBatch = 4 });
        runtime.TokensPerRun = 30;
        runtime.PerTokenDelay = TimeSpan.FromMilliseconds(1);
        runtime.RequireConcurrentRuns(4);
        var pool = StartPool(FastSettings, model);
        var probes = Enumerable.Range(0, 6).Select(_ => CreateTestProbe()).ToArray();

        for (var i = 0; i < 6; i++)
            pool.Tell(Request("batched", $"r{i}", probes[i].Ref));

        for (var i = 0; i < 6; i++)
        {
            var (chunks, final) = await CollectAsync(probes[i]);
            var completed = Assert.IsType<Completed>(final);
            Assert.Equal(30, completed.Usage.CompletionTokens);
            Assert.Equal(Enumerable.Range(0, 30), chunks.Select(c => c.Index));
            Assert.Equal(Enumerable.Range(0, 30).Select(t => $"r{i}#{t} "), chunks.Select(c => c.Text));
            Assert.All(chunks, c => Assert.Equal($"r{i}", c.RequestId));
        }
        // One handle, four runs in flight at once through rkllm_run_async, the other two after.
        Assert.Equal(1, runtime.InitCount);
        Assert.Equal(4, runtime.MaxConcurrentRuns);
        Assert.All(runtime.Runs, r => Assert.True(r.Async));
        Assert.Equal(4, runtime.Inits.Single().Extend.NBatch);
    }

    [Fact]
    public async Task Cancelling_one_stream_of_a_batch_leaves_the_others_running()
    {
        var (model, runtime) = Runtimes.Model("batched", m => m with { NBatch = 2 });
        runtime.TokensPerRun = 200;
        runtime.PerTokenDelay = TimeSpan.FromMilliseconds(2);
        var pool = StartPool(FastSettings, model);
        await LoadAsync(pool, "batched");
        var keep = CreateTestProbe();
        var cancel = CreateTestProbe();

        pool.Tell(Request("batched", "keep", keep.Ref));
        pool.Tell(Request("batched", "cancel", cancel.Ref));
        await cancel.ExpectMsgAsync<TokenChunk>(Bounded);
        pool.Tell(new CancelRequest("batched", "cancel"));

        var failed = await ExpectFinalAsync<Failed>(cancel);
        Assert.Equal(NanoErrorCode.Cancelled, failed.Code);
        var (chunks, final) = await CollectAsync(keep);
        Assert.IsType<Completed>(final);
        Assert.Equal(200, chunks.Count);
        // rkllm_abort would stop the whole batch: a single cancelled stream is only cut off.
        Assert.DoesNotContain(runtime.Calls, c => c.StartsWith("abort:", StringComparison.Ordinal));
        await cancel.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }
}
