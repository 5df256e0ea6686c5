using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

/// <summary>The run contract: threads, determinism, abort, pause/resume, async, max_new_tokens.</summary>
[Collection(SimCollection.Name)]
public class SimRunSpec
{
    private const string Model = "qwen2-0.5b-w8a8";

    [Fact]
    public async Task Run_blocks_until_finish_and_calls_back_on_a_sim_worker_thread()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 5));
        var sink = new RecordingSink();
        var caller = 0;

        var run = Task.Run(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            handle.Run(new RkllmPromptInput("hello"), Infer(), sink);
            return sink.Ended.Task.IsCompleted; // Finish arrived before Run returned
        });

        Assert.True(await run.WaitAsync(Bound));
        Assert.DoesNotContain(caller, sink.Threads);
        Assert.Equal(5, sink.TokenIds.Length);
        Assert.All(sink.Results, r => Assert.NotEqual(RkllmCallState.Waiting, r.State));
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public void The_same_seed_and_input_give_the_same_tokens_and_another_seed_does_not()
    {
        string[] Generate(int seed, string prompt)
        {
            using var handle = NewRuntime(seed: seed).Init(Params(Model, maxNewTokens: 24));
            var sink = new RecordingSink();
            RunBounded(handle, new RkllmPromptInput(prompt), Infer(), sink);
            sink.WaitEnd();
            return sink.Results.Where(r => r.State == RkllmCallState.Normal).Select(r => $"{r.TokenId}:{r.Text}").ToArray();
        }

        var first = Generate(1, "tell me a story");
        Assert.Equal(first, Generate(1, "tell me a story"));
        Assert.NotEqual(first, Generate(2, "tell me a story"));
        Assert.NotEqual(first, Generate(1, "tell me a joke"));
        Assert.Matches(@"^( [a-z]+|[.,])+$", string.Concat(first.Select(t => t[(t.IndexOf(':') + 1)..])));
    }

    [Fact]
    public void Abort_from_inside_a_callback_stops_before_the_next_token_and_finishes_with_perf()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 100));
        RecordingSink? sink = null;
        sink = new RecordingSink(i =>
        {
            if (i == 4) handle.Abort();
            return RkllmCallbackAction.Continue;
        });

        RunBounded(handle, Tokens(16), Infer(), sink);

        Assert.Equal(5, sink.TokenIds.Length);
        var end = sink.WaitEnd();
        Assert.Equal(RkllmCallState.Finish, end.State);
        Assert.Equal(5, end.Perf!.GenerateTokens);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public async Task Abort_from_another_thread_releases_a_blocked_run()
    {
        using var handle = NewRuntime(scale: 0.05).Init(Params(Model, maxNewTokens: 4000));
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink(i =>
        {
            if (i == 2) third.TrySetResult();
            return RkllmCallbackAction.Continue;
        });
        var run = Task.Run(() => handle.Run(Tokens(16), Infer(), sink));
        await third.Task.WaitAsync(Bound);
        Assert.True(handle.IsRunning);

        handle.Abort();
        var tokensWhenAbortReturned = sink.TokenIds.Length;

        await run.WaitAsync(Bound);
        var tokens = sink.TokenIds.Length;
        Assert.InRange(tokens - tokensWhenAbortReturned, 0, 1); // at most the callback already under way
        Assert.InRange(tokens, 3, 3999);
        Assert.Equal(RkllmCallState.Finish, sink.WaitEnd().State);
        Assert.Equal(tokens, sink.Results.Single(r => r.State == RkllmCallState.Finish).Perf!.GenerateTokens);
        Assert.Equal(RkllmCallState.Finish, sink.Results[^1].State);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public void Pause_returns_from_run_and_the_next_run_resumes_the_remaining_tokens()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 30));
        var first = new RecordingSink(i => i == 9 ? RkllmCallbackAction.Pause : RkllmCallbackAction.Continue);

        RunBounded(handle, Tokens(20), Infer(), first);

        Assert.Equal(10, first.TokenIds.Length);
        Assert.False(first.Ended.Task.IsCompleted); // paused, not finished
        Assert.False(handle.IsRunning);
        Assert.Equal([30], handle.GetKvCacheSizes());

        var second = new RecordingSink();
        RunBounded(handle, Tokens(5), Infer(), second);

        Assert.Equal(20, second.TokenIds.Length);
        var perf = second.WaitPerf();
        Assert.Equal((25, 30), (perf.PrefillTokens, perf.GenerateTokens));
        Assert.False(first.Ended.Task.IsCompleted);
    }

    [Fact]
    public void RunAsync_returns_at_once_and_the_callbacks_follow()
    {
        using var handle = NewRuntime(scale: 0.1).Init(Params(Model, maxNewTokens: 8));
        var sink = new RecordingSink();

        handle.RunAsync(Tokens(2048), Infer(), sink); // 2334 simulated ms of prefill: ~233 wall ms before any callback

        Assert.Empty(sink.Results);
        Assert.True(handle.IsRunning);
        Assert.Equal(RkllmCallState.Finish, sink.WaitEnd().State);
        Assert.Equal(8, sink.TokenIds.Length);
    }

    [Fact]
    public void Max_new_tokens_comes_from_init_unless_the_run_overrides_it()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 12));
        var byInit = new RecordingSink();
        var byRun = new RecordingSink();

        RunBounded(handle, Tokens(4), Infer(), byInit);
        RunBounded(handle, Tokens(4), Infer(maxNewTokens: 3), byRun);

        Assert.Equal(12, byInit.TokenIds.Length);
        Assert.Equal(3, byRun.TokenIds.Length);
    }

    [Fact]
    public void On_the_v1_2_abi_the_per_run_max_new_tokens_is_ignored()
    {
        using var handle = NewRuntime(abi: RkllmAbi.V1_2).Init(Params(Model, maxNewTokens: 6));
        var sink = new RecordingSink();

        RunBounded(handle, Tokens(4), Infer(maxNewTokens: 2), sink);

        Assert.Equal(6, sink.TokenIds.Length);
    }

    [Fact]
    public void A_throwing_sink_ends_the_run_with_an_error()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 10));
        var sink = new RecordingSink(i => i == 1 ? throw new InvalidOperationException("boom") : RkllmCallbackAction.Continue);

        var error = Assert.Throws<AggregateException>(() => RunBounded(handle, Tokens(4), Infer(), sink));

        Assert.Contains("boom", Assert.IsType<RkllmException>(error.InnerException).Message);
        Assert.Equal(RkllmCallState.Error, sink.WaitEnd().State);
        Assert.Equal(2, sink.TokenIds.Length);
    }

    [Fact]
    public async Task Dispose_during_a_run_finishes_it_and_releases_the_caller_and_the_memory()
    {
        var runtime = NewRuntime(scale: 0.05);
        var handle = runtime.Init(Params(Model, maxNewTokens: 4000));
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink(_ =>
        {
            first.TrySetResult();
            return RkllmCallbackAction.Continue;
        });
        var run = Task.Run(() => handle.Run(Tokens(8), Infer(), sink));
        await first.Task.WaitAsync(Bound);

        handle.Dispose();

        await run.WaitAsync(Bound);
        Assert.Equal(RkllmCallState.Finish, sink.WaitEnd().State);
        Assert.Equal(0, runtime.Board.UsedMemoryMb);
        Assert.Throws<ObjectDisposedException>(() => handle.RunAsync(Tokens(8), Infer(), new RecordingSink()));
    }

    [Fact]
    public void A_runtime_spec_picks_the_board_and_the_seed()
    {
        var spec = RuntimeSpec.Sim with { Board = "rk3576", Seed = 5, Abi = RkllmAbi.V1_2 };
        var runtime = new Nano.Runtime.Sim.SimulatedRuntime(spec, clock: new Nano.Runtime.Sim.SimClock(0.01));
        using var fromSpec = runtime.Init(Params("qwen2-0.5b-w4a16", maxNewTokens: 6));
        using var bySeed = NewRuntime(board: "rk3576", seed: 5).Init(Params("qwen2-0.5b-w4a16", maxNewTokens: 6));
        var a = new RecordingSink();
        var b = new RecordingSink();

        RunBounded(fromSpec, new RkllmPromptInput("hi"), Infer(), a);
        RunBounded(bySeed, new RkllmPromptInput("hi"), Infer(), b);

        Assert.Equal(("rk3576", 7 * 1024.0, RkllmAbi.V1_2), (runtime.Board.BoardType, runtime.Board.MemoryCapacityMb, runtime.Info.Abi));
        Assert.Equal(b.TokenIds, a.TokenIds);
    }
}
