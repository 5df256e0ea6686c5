using System.Diagnostics;
using Nano.Runtime.Isolation;
using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>The real child (Nano.NodeHost handle-host): its lifetime is tied to its parent's.</summary>
public sealed class HandleHostProcessSpec
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_child_exits_when_the_parent_connection_closes()
    {
        using var socket = HostSocket.Listen();
        using var child = ChildProcess.Start(new IsolationOptions(), socket.Path, new ListLogger(), _ => { });
        var connection = new FrameConnection(new System.Net.Sockets.NetworkStream(socket.Accept(Bound, child.Exited)!, ownsSocket: true));
        Assert.True(connection.TryRead(out var type, out _));
        Assert.Equal(MessageType.Hello, type);

        connection.Dispose();

        Assert.Equal(HandleHostMain.ExitOk, child.WaitForExit(Bound));
    }

    [Fact]
    public async Task The_child_exits_when_its_parent_process_is_killed_even_with_the_socket_open()
    {
        // The parent is a shell that starts the child in the background (passing its own pid) and waits.
        // This test holds the socket open, so only the child's parent watch can notice the shell's death.
        using var socket = HostSocket.Listen();
        var (exe, args) = ChildCommand.Resolve(new IsolationOptions(), socket.Path);
        var shell = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-c", "\"$@\" --parent-pid $$ & wait", "sh", exe, .. args.Take(args.Count - 2)]) shell.ArgumentList.Add(a);
        using var parent = Process.Start(shell)!;
        var goodbye = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        parent.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("is gone") == true) goodbye.TrySetResult(e.Data); };
        parent.BeginErrorReadLine();
        using var connected = socket.Accept(Bound, parent.WaitForExitAsync())!;
        var connection = new FrameConnection(new System.Net.Sockets.NetworkStream(connected, ownsSocket: false));
        Assert.True(connection.TryRead(out var type, out _));
        Assert.Equal(MessageType.Hello, type);

        parent.Kill();

        Assert.Contains($"parent {parent.Id} is gone", await goodbye.Task.WaitAsync(Bound));
        var end = Task.Factory.StartNew(() => connection.TryRead(out _, out _), TaskCreationOptions.LongRunning);
        Assert.False(await end.WaitAsync(Bound)); // end of stream: the child has exited
    }

    [Fact]
    public void A_child_that_exits_before_connecting_fails_Init_as_Exited_with_its_code()
    {
        var runtime = new IsolatedRuntime(new RuntimeSpec { Kind = RuntimeKind.Emulator },
            new IsolationOptions { Executable = "/bin/sh", LeadingArgs = ["-c", "echo no luck >&2; exit 7"] });

        var e = Assert.Throws<RuntimeFaultException>(() => runtime.Init(new RkllmParams { ModelPath = "m" }));

        Assert.Equal(RuntimeFaultKind.Exited, e.Kind);
        Assert.Contains("exited with code 7", e.Reason);
    }

    [Fact]
    public void A_missing_child_executable_is_reported_as_LibraryMissing()
    {
        var runtime = new IsolatedRuntime(new RuntimeSpec { Kind = RuntimeKind.Emulator },
            new IsolationOptions { Executable = "/nonexistent/Nano.NodeHost" });

        Assert.Equal(RuntimeFaultKind.LibraryMissing, Assert.Throws<RuntimeFaultException>(() => runtime.Init(new RkllmParams { ModelPath = "m" })).Kind);
    }

    [Fact]
    public void An_init_refused_by_the_real_child_surfaces_its_exception_and_the_child_is_reaped()
    {
        var logger = new ListLogger();
        var runtime = new IsolatedRuntime(new RuntimeSpec { Kind = RuntimeKind.Simulated }, logger: logger);

        var e = Assert.Throws<RkllmException>(() => runtime.Init(new RkllmParams { ModelPath = "m" }));

        Assert.Equal("rkllm_init", e.Function);
        Assert.Contains("NotSupportedException", e.Message);
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains("killing"));
    }
}
