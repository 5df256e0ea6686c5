using Microsoft.Extensions.Logging;
using Nano.Runtime.Isolation;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>What the parent makes of a child that dies, exits or stops answering (in process: "dying" closes its end).</summary>
public sealed class HandleHostFaultSpec : IDisposable
{
    private static readonly TimeSpan Bound = LoopbackHost.Bound;
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private readonly LoopbackHost host = new(new IsolationOptions { HangTimeout = Short, CallTimeout = Short, ExitTimeout = Bound });
    private readonly IRkllmHandle handle;

    public HandleHostFaultSpec() => handle = host.Init();

    public void Dispose()
    {
        handle.Dispose();
        host.Dispose();
    }

    [Fact]
    public async Task A_crash_mid_run_gives_the_sink_an_Error_then_Run_throws_Crashed_with_the_signal()
    {
        var sink = new CollectingSink();
        var run = Task.Factory.StartNew(() => handle.Run(new RkllmPromptInput("hang"), RkllmInferParams.Default, sink), TaskCreationOptions.LongRunning);
        await sink.FirstToken.Task.WaitAsync(Bound);

        host.Die(139);

        var e = await Assert.ThrowsAsync<RuntimeFaultException>(() => run.WaitAsync(Bound));
        Assert.Equal(RuntimeFaultKind.Crashed, e.Kind);
        Assert.Contains("signal 11 (SIGSEGV)", e.Reason);
        Assert.Contains("exit code 139", e.Reason);
        Assert.Equal(RkllmCallState.Error, sink.Results.Last().State);
    }

    [Fact]
    public void After_a_fault_every_call_throws_the_same_fault()
    {
        host.Die(139);

        var first = Assert.Throws<RuntimeFaultException>(() => handle.GetKvCacheSizes());
        Assert.Same(first, Assert.Throws<RuntimeFaultException>(() => handle.IsRunning));
        Assert.Same(first, Assert.Throws<RuntimeFaultException>(handle.Abort));
        Assert.Same(first, Assert.Throws<RuntimeFaultException>(() => handle.Run(new RkllmPromptInput("x"), RkllmInferParams.Default, new CollectingSink())));
        Assert.Same(first, Assert.Throws<RuntimeFaultException>(() => handle.RunAsync(new RkllmPromptInput("x"), RkllmInferParams.Default, new CollectingSink())));
    }

    [Fact]
    public async Task A_crash_during_an_async_run_ends_it_with_an_Error_result()
    {
        var sink = new CollectingSink();
        handle.RunAsync(new RkllmPromptInput("hang"), RkllmInferParams.Default, sink);
        await sink.FirstToken.Task.WaitAsync(Bound);

        host.Die(134);

        Assert.Equal(RkllmCallState.Error, (await sink.Ended.Task.WaitAsync(Bound)).State);
        Assert.Equal(RuntimeFaultKind.Crashed, Assert.Throws<RuntimeFaultException>(() => handle.IsRunning).Kind);
    }

    [Fact]
    public async Task A_child_exiting_on_its_own_fails_the_pending_call_as_Exited()
    {
        using var slow = new LoopbackHost(new IsolationOptions { CallTimeout = Bound, ExitTimeout = Bound });
        using var h = slow.Init();
        var call = Task.Factory.StartNew(() => h.LoadPromptCache("block"), TaskCreationOptions.LongRunning);

        slow.Die(1);

        var e = await Assert.ThrowsAsync<RuntimeFaultException>(() => call.WaitAsync(Bound));
        Assert.Equal(RuntimeFaultKind.Exited, e.Kind);
        Assert.Contains("exited with code 1", e.Reason);
    }

    [Fact]
    public async Task A_run_without_progress_for_HangTimeout_is_killed_as_Hung()
    {
        var sink = new CollectingSink();
        var run = Task.Factory.StartNew(() => handle.Run(new RkllmPromptInput("hang"), RkllmInferParams.Default, sink), TaskCreationOptions.LongRunning);

        var e = await Assert.ThrowsAsync<RuntimeFaultException>(() => run.WaitAsync(Bound));

        Assert.Equal(RuntimeFaultKind.Hung, e.Kind);
        Assert.Contains("no progress", e.Reason);
        Assert.Equal(1, host.KillCount);
        Assert.Equal(RkllmCallState.Error, sink.Results.Last().State);
    }

    [Fact]
    public void A_call_without_reply_for_CallTimeout_is_killed_as_Hung()
    {
        var e = Assert.Throws<RuntimeFaultException>(() => handle.LoadPromptCache("block"));

        Assert.Equal(RuntimeFaultKind.Hung, e.Kind);
        Assert.Contains("rkllm_load_prompt_cache", e.Reason);
        Assert.Equal(1, host.KillCount);
    }

    [Fact]
    public void A_slow_sink_is_not_mistaken_for_a_hung_child()
    {
        using var never = new ManualResetEventSlim();
        // Time has to pass for the watchdog to get its chances: the sink holds the first token for 4 HangTimeouts.
        var sink = new CollectingSink(r =>
        {
            if (r.TokenId == 0) never.Wait(Short * 4);
            return RkllmCallbackAction.Continue;
        });

        handle.Run(new RkllmPromptInput("hi"), new RkllmInferParams { MaxNewTokens = 3 }, sink);

        Assert.Equal(["t0", "t1", "t2"], sink.Texts);
        Assert.Equal(0, host.KillCount);
    }

    [Fact]
    public async Task An_async_run_that_ends_without_a_final_callback_is_closed_not_killed()
    {
        var sink = new CollectingSink();

        handle.RunAsync(new RkllmPromptInput("silent"), RkllmInferParams.Default, sink);
        await sink.FirstToken.Task.WaitAsync(Bound);

        Assert.True(SpinWait.SpinUntil(() => host.Logger.Lines.Any(l => l.Message.Contains("without a final callback")), Bound));
        Assert.Equal([17, 4], handle.GetKvCacheSizes());
        Assert.Equal(0, host.KillCount);
    }

    [Fact]
    public async Task Closing_the_connection_mid_run_makes_the_host_abort_and_destroy_the_handle()
    {
        var sink = new CollectingSink();
        handle.RunAsync(new RkllmPromptInput("hang"), RkllmInferParams.Default, sink);
        await sink.FirstToken.Task.WaitAsync(Bound);

        host.Channel.Dispose();

        Assert.True(await host.Served.WaitAsync(Bound));
        Assert.True(host.Runtime.Handle!.Disposed.IsSet);
        Assert.Contains("Abort", host.Runtime.Handle.Calls);
    }

    [Fact]
    public void Child_log_lines_reach_the_parent_logger_with_their_level()
    {
        host.Server.Logger.LogWarning("npu {Core} is warm", 2);

        Assert.True(SpinWait.SpinUntil(() => host.Logger.Lines.Any(l => l is { Level: LogLevel.Warning } && l.Message.Contains("npu 2 is warm")), Bound));
    }
}
