using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Isolation;

/// <summary>
/// Entry point of the handle-host child (<c>Nano.NodeHost handle-host --socket PATH --parent-pid N</c>).
/// Writes nothing to stdout (that is the native runtime's); logs go to the parent or stderr.
/// </summary>
public static class HandleHostMain
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitParentGone = 3;
    public const int ExitShutdownTimeout = 4;

    public static int Run(string[] args) => Run(args, DefaultRuntimeFactory);

    public static int Run(string[] args, Func<RuntimeSpec, IRkllmRuntime> runtimeFactory)
    {
        if (!TryParse(args, out var socketPath, out var parentPid))
        {
            ForwardingLogger.StderrLine(LogLevel.Error, "usage: handle-host --socket PATH --parent-pid N");
            return ExitUsage;
        }
        LibC.LineBufferStdout();
        using var watch = new ParentWatch(parentPid, () =>
        {
            ForwardingLogger.StderrLine(LogLevel.Warning, $"parent {parentPid} is gone; exiting");
            LibC.ExitImmediately(ExitParentGone);
        });
        Socket socket;
        try { socket = HostSocket.Connect(socketPath); }
        catch (SocketException e)
        {
            ForwardingLogger.StderrLine(LogLevel.Error, $"cannot connect to {socketPath}: {e.Message}");
            return ExitUsage;
        }
        using var server = new HandleHostServer(new NetworkStream(socket, ownsSocket: true), runtimeFactory);
        var clean = server.Serve();
        LibC.FlushStdio();
        if (clean) return ExitOk;
        // The handle did not come back from abort/destroy: do not let a wedged native thread hold the process.
        ForwardingLogger.StderrLine(LogLevel.Error, "handle did not shut down in time; exiting hard");
        LibC.ExitImmediately(ExitShutdownTimeout);
        return ExitShutdownTimeout;
    }

    /// <summary>Native and emulator runtimes only: the simulated NPU has no native library to isolate.</summary>
    public static IRkllmRuntime DefaultRuntimeFactory(RuntimeSpec spec) => spec.Kind switch
    {
        RuntimeKind.Simulated => throw new NotSupportedException("the simulated NPU runs in process; it has nothing to isolate"),
        _ => throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing,
            $"this build has no native runtime binding to host {spec.Kind} ({spec.Abi})"),
    };

    private static bool TryParse(string[] args, out string socketPath, out int parentPid)
    {
        socketPath = "";
        parentPid = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--socket": socketPath = args[i + 1]; break;
                case "--parent-pid" when int.TryParse(args[i + 1], out var pid): parentPid = pid; break;
                default: return false;
            }
        }
        return args.Length % 2 == 0 && socketPath.Length > 0 && parentPid > 0;
    }
}
