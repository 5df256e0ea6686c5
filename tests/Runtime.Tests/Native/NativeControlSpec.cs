using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>Abort, pause/resume, concurrency and failure containment around the result callback.</summary>
public sealed class NativeControlSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Abort_mid_stream_stops_the_token_flow(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 500, "token_delay_us=2000"));
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink((_, normal) =>
        {
            if (normal == 3) streaming.TrySetResult();
            return RkllmCallbackAction.Continue;
        });

        var run = Task.Factory.StartNew(() => handle.Run(new RkllmPromptInput("go on forever"), RkllmInferParams.Default, sink),
            TaskCreationOptions.LongRunning);
        await streaming.Task.WaitAsync(Emulator.Timeout);
        await Task.Run(handle.Abort).WaitAsync(Emulator.Timeout);
        await run.WaitAsync(Emulator.Timeout);

        var end = await sink.WaitEnded();
        Assert.Equal(RkllmCallState.Finish, end.State);
        Assert.NotNull(end.Perf);
        Assert.InRange(sink.NormalCount, 3, 499);
        Assert.Equal(end.Perf.GenerateTokens, sink.NormalCount);
        Assert.False(handle.IsRunning);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Abort_stops_an_async_run_from_another_thread(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 500, "token_delay_us=2000"));
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink((_, normal) =>
        {
            if (normal == 2) streaming.TrySetResult();
            return RkllmCallbackAction.Continue;
        });

        handle.RunAsync(new RkllmPromptInput("go"), RkllmInferParams.Default, sink);
        await streaming.Task.WaitAsync(Emulator.Timeout);
        await Task.Run(handle.Abort).WaitAsync(Emulator.Timeout);

        Assert.Equal(RkllmCallState.Finish, (await sink.WaitEnded()).State);
        Assert.InRange(sink.NormalCount, 2, 499);
    }

    [Theory]
    [InlineData(12, false)]
    [InlineData(13, false)]
    [InlineData(12, true)]
    [InlineData(13, true)]
    public async Task A_paused_run_returns_and_the_next_run_continues_the_sequence(int abi, bool async)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 12));
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new RecordingSink((_, normal) =>
        {
            if (normal != 3) return RkllmCallbackAction.Continue;
            paused.TrySetResult();
            return RkllmCallbackAction.Pause;
        });
        var second = new RecordingSink();
        const string prompt = "pause me";

        if (async) handle.RunAsync(new RkllmPromptInput(prompt), RkllmInferParams.Default, first);
        else handle.Run(new RkllmPromptInput(prompt), RkllmInferParams.Default, first);
        await paused.Task.WaitAsync(Emulator.Timeout);
        if (!async) Assert.False(handle.IsRunning); // an async run stops just after its sink answered
        if (async) handle.RunAsync(new RkllmPromptInput("carry on"), RkllmInferParams.Default, second);
        else handle.Run(new RkllmPromptInput("carry on"), RkllmInferParams.Default, second);
        var end = await second.WaitEnded();

        Assert.False(first.Ended.IsCompleted);
        Assert.Equal(3, first.NormalCount);
        Assert.Equal(RkllmCallState.Finish, end.State);
        Assert.Equal(EmulatorStream.Text(prompt, 12), first.Text + second.Text);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Run_memory_is_held_while_a_run_can_still_use_it_and_freed_after(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 6));
        var live = (Nano.Runtime.Native.Internal.NativeHandle)handle;
        var pausing = new RecordingSink((_, normal) => normal == 2 ? RkllmCallbackAction.Pause : RkllmCallbackAction.Continue);
        var resumed = new RecordingSink();
        var async = new RecordingSink();

        handle.Run(new RkllmPromptInput("first"), RkllmInferParams.Default, pausing);
        var afterPause = live.LiveRuns;
        Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("x"), new RkllmInferParams { LoraAdapter = "unknown" }, new RecordingSink()));
        var afterRefusal = live.LiveRuns;
        handle.Run(new RkllmPromptInput("second"), RkllmInferParams.Default, resumed);
        var afterResume = live.LiveRuns;
        handle.RunAsync(new RkllmPromptInput("third"), RkllmInferParams.Default, async);
        await async.WaitEnded();

        Assert.Equal((1, 1, 0), (afterPause, afterRefusal, afterResume));
        Assert.Equal(EmulatorStream.Text("first", 6), pausing.Text + resumed.Text);
        Assert.Equal(0, live.LiveRuns); // released by the Finish callback itself
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Eight_handles_stream_at_once_from_eight_threads_each_intact(int abi)
    {
        var runtime = Emulator.Runtime(abi);
        var parameters = Emulator.Params(_dir, maxNewTokens: 30, "token_delay_us=500");
        var handles = Enumerable.Range(0, 8).Select(_ => runtime.Init(parameters)).ToList();
        try
        {
            var sinks = handles.Select(_ => new RecordingSink()).ToList();
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait(Emulator.Timeout);
                handles[i].Run(new RkllmPromptInput($"prompt number {i}"), RkllmInferParams.Default, sinks[i]);
                return Environment.CurrentManagedThreadId;
            }, TaskCreationOptions.LongRunning)).ToList();

            var callers = await Task.WhenAll(threads).WaitAsync(Emulator.Timeout);

            Assert.Equal(8, callers.Distinct().Count());
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(EmulatorStream.Text($"prompt number {i}", 30), sinks[i].Text);
                Assert.Equal(RkllmCallState.Finish, sinks[i].Results[^1].State);
                Assert.DoesNotContain(callers[i], sinks[i].ThreadIds);
            }
        }
        finally
        {
            foreach (var handle in handles) handle.Dispose();
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void A_throwing_sink_fails_the_run_after_it_returns_and_the_handle_stays_usable(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 200, "token_delay_us=1000"));
        var throwing = new RecordingSink((_, normal) => normal == 2 ? throw new InvalidTimeZoneException("sink broke") : RkllmCallbackAction.Continue);
        var next = new RecordingSink();

        var error = Assert.Throws<InvalidTimeZoneException>(() => handle.Run(new RkllmPromptInput("x"), RkllmInferParams.Default, throwing));
        handle.Run(new RkllmPromptInput("y"), RkllmInferParams.Default, next);

        Assert.Equal("sink broke", error.Message);
        Assert.Equal(2, throwing.NormalCount); // no callback reaches a sink after it threw
        Assert.DoesNotContain(throwing.Results, r => r.State == RkllmCallState.Finish);
        Assert.Equal(EmulatorStream.Text("y", 200), next.Text);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task A_throwing_sink_of_an_async_run_gets_an_error_end(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 200, "token_delay_us=1000"));
        var sink = new RecordingSink((r, normal) =>
            r.State == RkllmCallState.Normal && normal == 1 ? throw new InvalidOperationException("boom") : RkllmCallbackAction.Continue);

        handle.RunAsync(new RkllmPromptInput("x"), RkllmInferParams.Default, sink);
        var end = await sink.WaitEnded();

        Assert.Equal(RkllmCallState.Error, end.State);
        Assert.Contains("boom", end.Text);
        Assert.Equal(1, sink.NormalCount);
    }

    [Fact]
    public async Task A_second_run_on_a_busy_single_batch_handle_is_refused()
    {
        using var handle = Emulator.Runtime(13).Init(Emulator.Params(_dir, maxNewTokens: 500, "token_delay_us=2000"));
        var sink = new RecordingSink();
        handle.RunAsync(new RkllmPromptInput("first"), RkllmInferParams.Default, sink);

        var error = Assert.Throws<RkllmException>(() => handle.RunAsync(new RkllmPromptInput("second"), RkllmInferParams.Default, new RecordingSink()));
        handle.Abort();

        Assert.Equal("rkllm_run_async", error.Function);
        Assert.Equal(-1, error.Code);
        Assert.Equal(RkllmCallState.Finish, (await sink.WaitEnded()).State);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Dispose_during_an_async_run_ends_it_and_is_idempotent(int abi)
    {
        var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 500, "token_delay_us=2000"));
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink((_, _) =>
        {
            streaming.TrySetResult();
            return RkllmCallbackAction.Continue;
        });
        handle.RunAsync(new RkllmPromptInput("long"), RkllmInferParams.Default, sink);
        await streaming.Task.WaitAsync(Emulator.Timeout);

        handle.Dispose();
        handle.Dispose();

        Assert.True(sink.Ended.IsCompleted);
        Assert.False(handle.IsRunning);
        handle.Abort();
        Assert.Throws<ObjectDisposedException>(() => handle.Run(new RkllmPromptInput("late"), RkllmInferParams.Default, new RecordingSink()));
    }

    [Fact]
    public async Task Disposing_from_inside_a_result_callback_is_refused()
    {
        using var handle = Emulator.Runtime(13).Init(Emulator.Params(_dir, maxNewTokens: 3));
        var attempt = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink((_, normal) =>
        {
            if (normal == 1)
            {
                try
                {
                    handle.Dispose();
                    attempt.TrySetResult(null);
                }
                catch (Exception e)
                {
                    attempt.TrySetResult(e);
                }
            }
            return RkllmCallbackAction.Continue;
        });

        handle.Run(new RkllmPromptInput("x"), RkllmInferParams.Default, sink);

        Assert.IsType<InvalidOperationException>(await attempt.Task.WaitAsync(Emulator.Timeout));
        Assert.Equal(EmulatorStream.Text("x", 3), sink.Text);
    }
}
