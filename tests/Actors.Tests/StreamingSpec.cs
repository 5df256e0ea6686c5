using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>Token streaming through pool → handle → runtime: order, abort, timeout.</summary>
public sealed class StreamingSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task Tokens_reach_the_requester_in_order_followed_by_one_completion()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.TokensPerRun = 50;
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        pool.Tell(Request("qwen", "r1", probe.Ref, prompt: "hello"));
        var (chunks, final) = await CollectAsync(probe);

        Assert.Equal(Enumerable.Range(0, 50), chunks.Select(c => c.Index));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"hello#{i} "), chunks.Select(c => c.Text));
        Assert.All(chunks, c => Assert.Equal("r1", c.RequestId));
        var completed = Assert.IsType<Completed>(final);
        Assert.Equal(50, completed.Usage.CompletionTokens);
        Assert.Equal(FinishReason.Stop, completed.Reason);
        Assert.Equal(new RunOrigin("test-node", "qwen", completed.Origin.HandleId, runtime.Info.ToString(), Simulated: false), completed.Origin);
        Assert.True(completed.TimeToFirstTokenMs > 0);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Reaching_max_new_tokens_finishes_with_reason_length()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.TokensPerRun = 100;
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        pool.Tell(Request("qwen", "r1", probe.Ref) with { MaxNewTokens = 7 });

        var (chunks, final) = await CollectAsync(probe);
        Assert.Equal(7, chunks.Count);
        Assert.Equal(FinishReason.Length, Assert.IsType<Completed>(final).Reason);
    }

    [Fact]
    public async Task Abort_mid_stream_stops_the_token_flow_and_answers_cancelled()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.TokensPerRun = 10_000;
        runtime.PerTokenDelay = TimeSpan.FromMilliseconds(2);
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        pool.Tell(Request("qwen", "r1", probe.Ref));
        for (var i = 0; i < 3; i++)
            await probe.ExpectMsgAsync<TokenChunk>(Bounded);
        pool.Tell(new CancelRequest("qwen", "r1"));

        var (chunks, final) = await CollectAsync(probe);
        var failed = Assert.IsType<Failed>(final);
        Assert.Equal(NanoErrorCode.Cancelled, failed.Code);
        Assert.True(chunks.Count < 1000, $"the stream went on for {chunks.Count} chunks after the cancel");
        Assert.Contains(runtime.Calls, c => c.StartsWith("abort:", StringComparison.Ordinal));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        // The handle is free again for the next request.
        runtime.TokensPerRun = 3;
        pool.Tell(Request("qwen", "r2", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
    }

    [Fact]
    public async Task A_request_that_outlives_its_timeout_is_aborted_and_answers_timeout()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.TokensPerRun = 10_000;
        runtime.PerTokenDelay = TimeSpan.FromMilliseconds(2);
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        await LoadAsync(pool, "qwen");

        pool.Tell(Request("qwen", "r1", probe.Ref) with { Timeout = TimeSpan.FromMilliseconds(300) });

        var (chunks, final) = await CollectAsync(probe);
        var failed = Assert.IsType<Failed>(final);
        Assert.Equal(NanoErrorCode.Timeout, failed.Code);
        Assert.NotEmpty(chunks);
        Assert.True(chunks.Count < 1000);
        Assert.Contains(runtime.Calls, c => c.StartsWith("abort:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_configured_request_timeout_applies_when_the_request_sets_none()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.Hold();
        var pool = StartPool(FastSettings with { RequestTimeout = TimeSpan.FromMilliseconds(300) }, model);
        var probe = CreateTestProbe();
        await LoadAsync(pool, "qwen");

        pool.Tell(Request("qwen", "running", probe.Ref));
        pool.Tell(Request("qwen", "queued", probe.Ref));

        // Both time out: the running one through rkllm_abort, the queued one in the pool's queue.
        var answers = new[] { await ExpectFinalAsync<Failed>(probe), await ExpectFinalAsync<Failed>(probe) };
        Assert.All(answers, f => Assert.Equal(NanoErrorCode.Timeout, f.Code));
        Assert.Equal(["queued", "running"], answers.Select(a => a.RequestId).Order());
    }

    [Fact]
    public async Task Cancelling_a_queued_request_answers_it_without_running_it()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.Hold();
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "running", probe.Ref));
        await WaitUntilAsync(() => runtime.ActiveRuns == 1);

        pool.Tell(Request("qwen", "queued", probe.Ref));
        pool.Tell(new CancelRequest("qwen", "queued"));

        var failed = await ExpectFinalAsync<Failed>(probe);
        Assert.Equal(("queued", NanoErrorCode.Cancelled), (failed.RequestId, failed.Code));
        runtime.Release();
        Assert.Equal("running", (await ExpectFinalAsync<Completed>(probe)).RequestId);
        Assert.Single(runtime.Runs);
    }
}
