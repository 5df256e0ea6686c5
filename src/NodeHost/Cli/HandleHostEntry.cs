using Nano.Runtime.Isolation;

namespace Nano.NodeHost.Cli;

/// <summary>
/// The handle-host child: serves one handle to the parent node. The isolation module decides which runtimes a
/// child may host (native and emulator; never the simulated NPU), so its default factory is used as is.
/// </summary>
internal static class HandleHostEntry
{
    public static int Run(string[] args) => HandleHostMain.Run(args);
}
