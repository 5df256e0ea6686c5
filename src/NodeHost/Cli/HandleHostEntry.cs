using Nano.NodeHost.Hosting;
using Nano.Runtime.Isolation;

namespace Nano.NodeHost.Cli;

/// <summary>The handle-host child: serves one handle of an in-process runtime to the parent node.</summary>
internal static class HandleHostEntry
{
    public static int Run(string[] args) => HandleHostMain.Run(args, RuntimeProvider.InProcess);
}
