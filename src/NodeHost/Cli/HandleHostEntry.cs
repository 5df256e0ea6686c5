using Nano.NodeHost.Hosting;
using Nano.Runtime;
using Nano.Runtime.Isolation;
using Nano.Runtime.Native;

namespace Nano.NodeHost.Cli;

/// <summary>
/// The handle-host child: serves one handle to the parent node over the native binding (vendor library or
/// emulator). What a child refuses (the simulated NPU, which has nothing to isolate) stays the isolation module's call.
/// </summary>
internal static class HandleHostEntry
{
    public static int Run(string[] args) => HandleHostMain.Run(args, ChildRuntime);

    private static IRkllmRuntime ChildRuntime(RuntimeSpec spec) => spec.Kind == RuntimeKind.Simulated
        ? HandleHostMain.CreateRuntime(spec)
        : new NativeRuntime(spec.Abi, RuntimeProvider.LibraryOf(spec));
}
