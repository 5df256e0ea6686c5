using System.Net.Sockets;
using Nano.Runtime.Isolation;
using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>Isolated handles over the C emulator in a real handle-host child: streaming, abort, crash, hang.</summary>
public sealed class IsolatedEmulatorSpec : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly EmulatorModels models = new();
    private readonly ListLogger logger = new();

    public void Dispose() => models.Dispose();

    [Theory]
    [InlineData(RkllmAbi.V1_3)]
    [InlineData(RkllmAbi.V1_2)]
    public void An_isolated_emulator_handle_streams_its_tokens_and_finishes(RkllmAbi abi)
    {
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(abi), logger: logger);
        using var handle = runtime.Init(new RkllmParams { ModelPath = models.Plain, MaxNewTokens = 12 });
        var sink = new CollectingSink();

        handle.Run(new RkllmPromptInput("tell me about the board"), RkllmInferParams.Default, sink);

        Assert.Equal(12, sink.Results.Count(r => r.State == RkllmCallState.Normal));
        Assert.Contains(sink.Results, r => r is { State: RkllmCallState.Normal, Text: "é", TokenId: 1000 });
        var finish = sink.Results.Last();
        Assert.Equal(RkllmCallState.Finish, finish.State);
        Assert.Equal((5, 12), (finish.Perf!.PrefillTokens, finish.Perf.GenerateTokens));
        Assert.Equal((RuntimeKind.Emulator, abi, true), (handle.Info.Kind, handle.Info.Abi, handle.Info.Isolated));
        Assert.StartsWith(abi == RkllmAbi.V1_3 ? "1.3.0" : "1.2.3", handle.Info.Version);
        Assert.True(logger.WaitFor(m => m.Contains("rkllm-runtime version"), TimeSpan.FromSeconds(10)),
            "the child's runtime version line was never logged");
    }

    [Fact]
    public void Default_params_and_info_come_from_a_child()
    {
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_3), logger: logger);

        var defaults = runtime.CreateDefaultParams("/m/x.rkllm");

        Assert.Equal(("/m/x.rkllm", 4096, 512), (defaults.ModelPath, defaults.MaxContextLen, defaults.MaxNewTokens));
        Assert.Equal(0xF0u, defaults.Extend.EnabledCpusMask);
        Assert.True(runtime.Info.Isolated);
        Assert.StartsWith("1.3.0", runtime.Info.Version);
    }

    [Fact]
    public async Task Abort_mid_stream_ends_the_isolated_run_with_finish()
    {
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_3), logger: logger);
        using var handle = runtime.Init(new RkllmParams { ModelPath = models.Slow, MaxNewTokens = 100_000, MaxContextLen = 200_000 });
        var sink = new CollectingSink();
        var run = Task.Factory.StartNew(() => handle.Run(new RkllmPromptInput("go"), RkllmInferParams.Default, sink), TaskCreationOptions.LongRunning);
        await sink.FirstToken.Task.WaitAsync(Bound);

        handle.Abort();
        await run.WaitAsync(Bound);

        Assert.Equal(RkllmCallState.Finish, sink.Results.Last().State);
        Assert.InRange(sink.Results.Count, 2, 50_000);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public async Task A_crashing_child_faults_its_handle_as_Crashed_while_another_isolated_handle_keeps_streaming()
    {
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_3), logger: logger);
        using var healthy = runtime.Init(new RkllmParams { ModelPath = models.Slow, MaxNewTokens = 100_000, MaxContextLen = 200_000 });
        using var doomed = runtime.Init(new RkllmParams { ModelPath = models.CrashAfter3, MaxNewTokens = 100 });
        var stream = new CollectingSink();
        healthy.RunAsync(new RkllmPromptInput("keep going"), RkllmInferParams.Default, stream);
        await stream.FirstToken.Task.WaitAsync(Bound);
        var crashSink = new CollectingSink();

        var e = Assert.Throws<RuntimeFaultException>(() => doomed.Run(new RkllmPromptInput("boom"), RkllmInferParams.Default, crashSink));

        Assert.Equal(RuntimeFaultKind.Crashed, e.Kind);
        // The emulator dereferences NULL on its worker thread; the child's .NET runtime turns that into abort().
        Assert.Contains("signal 6 (SIGABRT; a SIGSEGV in native code", e.Reason);
        Assert.Contains("exit code 134", e.Reason);
        Assert.Equal(RkllmCallState.Error, crashSink.Results.Last().State);
        Assert.Equal(RuntimeFaultKind.Crashed, Assert.Throws<RuntimeFaultException>(() => doomed.GetKvCacheSizes()).Kind);
        var before = stream.Results.Count;
        Assert.True(SpinWait.SpinUntil(() => stream.Results.Count > before + 5, Bound), "the healthy handle stopped streaming");
        Assert.True(healthy.IsRunning);
        healthy.Abort();
        Assert.Equal(RkllmCallState.Finish, (await stream.Ended.Task.WaitAsync(Bound)).State);
    }

    [Fact]
    public async Task A_hung_child_is_killed_by_the_watchdog_and_reported_as_Hung()
    {
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_3),
            new IsolationOptions { HangTimeout = TimeSpan.FromSeconds(2) }, logger);
        var handle = runtime.Init(new RkllmParams { ModelPath = models.HangAfter2, MaxNewTokens = 100 });
        var sink = new CollectingSink();

        var e = Assert.Throws<RuntimeFaultException>(() => handle.Run(new RkllmPromptInput("stall"), RkllmInferParams.Default, sink));

        Assert.Equal(RuntimeFaultKind.Hung, e.Kind);
        Assert.Contains("killed", e.Reason);
        Assert.Equal(2, sink.Results.Count(r => r.State == RkllmCallState.Normal || r.State == RkllmCallState.Waiting));
        Assert.Equal(RkllmCallState.Error, sink.Results.Last().State);
        await Task.Run(handle.Dispose).WaitAsync(TimeSpan.FromSeconds(5)); // the child is dead: nothing to wait for
    }

    [Fact]
    public async Task A_child_past_its_memory_limit_is_killed_and_reported_as_MemoryExceeded()
    {
        // The limit comes from the model's spec (models.json rss_limit_mb), over the node's options.
        var spec = EmulatorModels.Spec(RkllmAbi.V1_3) with { RssLimitMb = 256 };
        var runtime = new IsolatedRuntime(spec, new IsolationOptions { MemoryPollInterval = TimeSpan.FromMilliseconds(50) }, logger);
        var handle = runtime.Init(new RkllmParams { ModelPath = models.Leaky, MaxNewTokens = 100_000, MaxContextLen = 200_000 });
        var sink = new CollectingSink();

        var e = Assert.Throws<RuntimeFaultException>(() => handle.Run(new RkllmPromptInput("grow"), RkllmInferParams.Default, sink));

        Assert.Equal(RuntimeFaultKind.MemoryExceeded, e.Kind);
        Assert.Contains("exceeds the limit of 256 MB (killed)", e.Reason);
        // 4 MiB a token: past 256 MB after some 50 tokens (less the child's own baseline), long before 100 000.
        Assert.InRange(sink.Results.Count(r => r.State == RkllmCallState.Normal), 1, 5_000);
        Assert.Equal(RkllmCallState.Error, sink.Results.Last().State);
        Assert.Equal(RuntimeFaultKind.MemoryExceeded, Assert.Throws<RuntimeFaultException>(() => handle.IsRunning).Kind);
        await Task.Run(handle.Dispose).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_ABI_the_library_does_not_speak_fails_Init_as_AbiMismatch()
    {
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_2, library: RkllmAbi.V1_3), logger: logger);

        var e = Assert.Throws<RuntimeFaultException>(() => runtime.Init(new RkllmParams { ModelPath = models.Plain }));

        Assert.Equal(RuntimeFaultKind.AbiMismatch, e.Kind);
    }

    [Fact]
    public void A_version_line_contradicting_the_configured_ABI_fails_Init_as_AbiMismatch()
    {
        // The child is started through a shell that first prints a v1.2 runtime banner, as a mislabelled library would.
        var (dotnet, args) = ChildCommand.Resolve(new IsolationOptions(), "unused");
        var options = new IsolationOptions
        {
            Executable = "/bin/sh",
            LeadingArgs = ["-c", "echo 'I rkllm: rkllm-runtime version: 1.2.3, platform: RK3588' >&2; exec \"$0\" \"$@\"", dotnet, args[0]],
        };
        var runtime = new IsolatedRuntime(EmulatorModels.Spec(RkllmAbi.V1_3), options, logger);

        var e = Assert.Throws<RuntimeFaultException>(() => runtime.Init(new RkllmParams { ModelPath = models.Plain }));

        Assert.Equal(RuntimeFaultKind.AbiMismatch, e.Kind);
        Assert.Contains("1.2.3", e.Reason);
    }

    [Fact]
    public async Task A_child_wedged_in_native_code_still_exits_when_the_parent_connection_closes()
    {
        using var socket = HostSocket.Listen();
        using var child = ChildProcess.Start(new IsolationOptions(), socket.Path, logger, _ => { });
        var channel = new HostChannel(new NetworkStream(socket.Accept(Bound, child.Exited)!, ownsSocket: true),
            new Unowned(child), new IsolationOptions { HangTimeout = Timeout.InfiniteTimeSpan }, logger);
        channel.AwaitHello(Bound);
        channel.Init(EmulatorModels.Spec(RkllmAbi.V1_3), new RkllmParams { ModelPath = models.HangAfter2 }, Bound);
        var sink = new CollectingSink();
        channel.RunAsync(new RkllmPromptInput("stall"), RkllmInferParams.Default, sink);
        // Once the answer to the second token is on its way, the emulator's worker hangs whatever comes next.
        Assert.True(SpinWait.SpinUntil(() => sink.Results.Count == 2 && channel.CallbacksInParent == 0, Bound));

        channel.Dispose(); // as if the parent died: the wedged worker ignores the abort and blocks destroy

        Assert.Equal(HandleHostMain.ExitShutdownTimeout, child.WaitForExit(Bound));
    }

    /// <summary>Lets the test read the child's exit code after the channel is gone.</summary>
    private sealed class Unowned(ChildProcess child) : IChildLifetime
    {
        public int Pid => child.Pid;
        public string RecentOutput => child.RecentOutput;
        public void Kill() => child.Kill();
        public int? WaitForExit(TimeSpan timeout) => child.WaitForExit(timeout);
        public void Dispose() { }
    }
}
