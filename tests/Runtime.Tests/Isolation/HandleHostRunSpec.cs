namespace Nano.Runtime.Tests.Isolation;

/// <summary>Runs across the protocol: streaming order, the sink's answers, abort while a run blocks.</summary>
public sealed class HandleHostRunSpec : IDisposable
{
    private static readonly TimeSpan Bound = LoopbackHost.Bound;
    private readonly LoopbackHost host = new();
    private readonly IRkllmHandle handle;

    public HandleHostRunSpec() => handle = host.Init();

    public void Dispose()
    {
        handle.Dispose();
        host.Dispose();
    }

    [Fact]
    public void Run_streams_every_token_in_order_on_the_calling_thread_and_ends_with_finish_and_perf()
    {
        var sink = new CollectingSink();

        handle.Run(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 50 }, sink);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"t{i}"), sink.Texts);
        Assert.Equal(Enumerable.Range(0, 50), sink.Results.Where(r => r.State == RkllmCallState.Normal).Select(r => r.TokenId));
        var last = sink.Results.Last();
        Assert.Equal(RkllmCallState.Finish, last.State);
        Assert.Equal(new RkllmPerfStats(1.5f, 3, 10f, 50, 42f), last.Perf);
        Assert.All(sink.Threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public void Hidden_layer_and_logits_floats_reach_the_sink()
    {
        var hidden = new CollectingSink();
        var logits = new CollectingSink();

        handle.Run(new RkllmTokenInput([1]), new RkllmInferParams { Mode = RkllmInferMode.LastHiddenLayer, MaxNewTokens = 2 }, hidden);
        handle.Run(new RkllmTokenInput([1]), new RkllmInferParams { Mode = RkllmInferMode.Logits, MaxNewTokens = 2 }, logits);

        var h = hidden.Results.ElementAt(1).HiddenLayer!;
        Assert.Equal([1f, 0.5f, -1f], h.HiddenStates);
        Assert.Equal((3, 1), (h.EmbdSize, h.NumTokens));
        var l = logits.Results.ElementAt(1).Logits!;
        Assert.Equal([0.25f, 1f], l.Values);
        Assert.Equal((2, 1), (l.VocabSize, l.NumTokens));
        Assert.Null(logits.Results.First().HiddenLayer);
    }

    [Fact]
    public async Task RunAsync_returns_at_once_and_streams_to_the_sink_until_finish()
    {
        var sink = new CollectingSink();

        handle.RunAsync(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 20 }, sink);
        var end = await sink.Ended.Task.WaitAsync(Bound);

        Assert.Equal(RkllmCallState.Finish, end.State);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"t{i}"), sink.Texts);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, sink.Threads);
    }

    [Fact]
    public void Pause_from_the_sink_stops_the_run_in_the_child()
    {
        var sink = new CollectingSink(r => r.TokenId == 3 ? RkllmCallbackAction.Pause : RkllmCallbackAction.Continue);

        handle.Run(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 100 }, sink);

        Assert.Equal(["t0", "t1", "t2", "t3"], sink.Texts);
        Assert.DoesNotContain(sink.Results, r => r.State == RkllmCallState.Finish);
    }

    [Fact]
    public void ReleaseBuffer_answer_reaches_the_child_as_not_a_pause()
    {
        var sink = new CollectingSink(_ => RkllmCallbackAction.ReleaseBuffer);

        handle.Run(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 3 }, sink);

        Assert.Equal(["t0", "t1", "t2"], sink.Texts);
        Assert.Equal(RkllmCallState.Finish, sink.Results.Last().State);
    }

    [Fact]
    public async Task Abort_mid_stream_stops_the_token_flow()
    {
        var sink = new CollectingSink();
        var run = Task.Factory.StartNew(() => handle.Run(new RkllmPromptInput("hang"), RkllmInferParams.Default, sink), TaskCreationOptions.LongRunning);
        await sink.FirstToken.Task.WaitAsync(Bound);
        Assert.True(handle.IsRunning);

        handle.Abort();
        await run.WaitAsync(Bound);

        Assert.Equal(["t0"], sink.Texts);
        Assert.Contains("Abort", host.Runtime.Handle!.Calls);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public async Task Abort_from_inside_the_sink_does_not_deadlock()
    {
        var sink = new CollectingSink(r =>
        {
            if (r.TokenId == 1) handle.Abort();
            return RkllmCallbackAction.Continue;
        });

        var run = Task.Factory.StartNew(() => handle.Run(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 1000 }, sink), TaskCreationOptions.LongRunning);

        await run.WaitAsync(Bound);
        Assert.InRange(sink.Texts.Count(), 2, 3);
    }

    [Fact]
    public void A_throwing_sink_pauses_the_run_and_its_exception_leaves_Run()
    {
        var sink = new CollectingSink(r => r.TokenId == 2 ? throw new InvalidDataException("sink broke") : RkllmCallbackAction.Continue);

        var e = Assert.Throws<InvalidDataException>(() => handle.Run(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 100 }, sink));

        Assert.Equal("sink broke", e.Message);
        Assert.Equal(["t0", "t1", "t2"], sink.Texts);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public void A_failing_run_throws_the_child_RkllmException_and_the_handle_stays_usable()
    {
        var e = Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("fail"), RkllmInferParams.Default, new CollectingSink()));
        Assert.Equal(("rkllm_run", -3), (e.Function, e.Code));

        var sink = new CollectingSink();
        handle.Run(new RkllmPromptInput("again"), new RkllmInferParams { MaxNewTokens = 2 }, sink);
        Assert.Equal(["t0", "t1"], sink.Texts);
    }
}
