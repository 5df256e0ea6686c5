using System.Net.Sockets;
using Nano.Runtime.Isolation;
using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>
/// A HandleHostServer and the parent's channel, in this process over a connected Unix socket pair: the whole
/// protocol without a child process. "Killing the child" closes the server's end, as the kernel would.
/// </summary>
internal sealed class LoopbackHost : IDisposable, IChildLifetime
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private int killedExitCode = -1; // -1: not killed

    public LoopbackHost(IsolationOptions? options = null, Func<RuntimeSpec, IRkllmRuntime>? factory = null)
    {
        Runtime = new FakeRuntime();
        using var listener = HostSocket.Listen();
        var childEnd = HostSocket.Connect(listener.Path);
        var parentEnd = listener.Accept(Bound, Task.Delay(Timeout.Infinite)) ?? throw new TimeoutException("no accept");
        Server = new HandleHostServer(new NetworkStream(childEnd, ownsSocket: true), factory ?? (_ => Runtime));
        Served = Task.Factory.StartNew(Server.Serve, TaskCreationOptions.LongRunning);
        Channel = new HostChannel(new NetworkStream(parentEnd, ownsSocket: true), this, options ?? new IsolationOptions(), Logger);
        Channel.AwaitHello(Bound);
    }

    public FakeRuntime Runtime { get; }
    public HandleHostServer Server { get; }
    public Task<bool> Served { get; }
    public HostChannel Channel { get; }
    public ListLogger Logger { get; } = new();
    public int KillCount;

    public IRkllmHandle Init(RkllmParams? parameters = null)
    {
        var info = Channel.Init(new RuntimeSpec { Kind = RuntimeKind.Emulator }, parameters ?? new RkllmParams { ModelPath = "model.rkllm" }, Bound);
        return new IsolatedHandle(Channel, info, new Closer(Channel));
    }

    /// <summary>The child dies on its own with this exit code (139 = SIGSEGV).</summary>
    public void Die(int exitCode)
    {
        Interlocked.CompareExchange(ref killedExitCode, exitCode, -1);
        Server.Dispose();
    }

    int IChildLifetime.Pid => 4242;

    void IChildLifetime.Kill()
    {
        Interlocked.Increment(ref KillCount);
        Interlocked.CompareExchange(ref killedExitCode, 137, -1);
        Server.Dispose();
    }

    int? IChildLifetime.WaitForExit(TimeSpan timeout)
    {
        if (Volatile.Read(ref killedExitCode) is var code and >= 0) return code;
        return Served.Wait(timeout) ? 0 : null;
    }

    string IChildLifetime.RecentOutput => "";

    void IDisposable.Dispose() { }

    public void Dispose()
    {
        Runtime.Handle?.Unblock.Set();
        Channel.Dispose();
        Server.Dispose();
    }

    private sealed class Closer(HostChannel channel) : IDisposable
    {
        public void Dispose() => channel.Close();
    }
}
