using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nano.Runtime.Isolation.Internal;
using Nano.Runtime.Native;

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

    public static int Run(string[] args) => Run(args, null);

    /// <summary>Serves one parent; <paramref name="runtimeFactory"/> null means <see cref="CreateRuntime"/>.</summary>
    public static int Run(string[] args, Func<RuntimeSpec, IRkllmRuntime>? runtimeFactory)
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
        HandleHostServer? server = null;
        // The default runtime logs through the server, i.e. to the parent.
        var factory = runtimeFactory ?? (spec => CreateRuntime(spec, server?.Logger));
        bool clean;
        using (server = new HandleHostServer(new NetworkStream(socket, ownsSocket: true), factory))
            clean = server.Serve();
        LibC.FlushStdio();
        if (clean) return ExitOk;
        // The handle did not come back from abort/destroy: do not let a wedged native thread hold the process.
        ForwardingLogger.StderrLine(LogLevel.Error, "handle did not shut down in time; exiting hard");
        LibC.ExitImmediately(ExitShutdownTimeout);
        return ExitShutdownTimeout;
    }

    /// <summary>
    /// The runtimes worth isolating: the vendor library or the emulator, through the native binding. Without a
    /// library path: /usr/lib/librkllmrt.so (where Rockchip's install puts it) or the emulator build shipped next
    /// to this program (emulator/v13|v12/librkllmrt.so).
    /// </summary>
    public static IRkllmRuntime CreateRuntime(RuntimeSpec spec, ILogger? logger = null) => spec.Kind switch
    {
        RuntimeKind.Simulated => throw new NotSupportedException("the simulated NPU runs in process; it has no native library to isolate"),
        _ => new NativeRuntime(spec.Abi, spec.LibraryPath ?? DefaultLibrary(spec), logger),
    };

    private static string DefaultLibrary(RuntimeSpec spec) => spec.Kind == RuntimeKind.Emulator
        ? Path.Combine(AppContext.BaseDirectory, "emulator", spec.Abi == RkllmAbi.V1_3 ? "v13" : "v12", "librkllmrt.so")
        : "/usr/lib/librkllmrt.so";

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
