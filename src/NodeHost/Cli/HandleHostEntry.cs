using Nano.Runtime.Isolation;

namespace Nano.NodeHost.Cli;

/// <summary>The handle-host child: serves one handle to the parent node with the isolation module's runtime factory.</summary>
internal static class HandleHostEntry
{
    public static int Run(string[] args) => HandleHostMain.Run(args);
}
