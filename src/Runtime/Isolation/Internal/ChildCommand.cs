namespace Nano.Runtime.Isolation.Internal;

/// <summary>Resolves the program and arguments that start a handle-host child.</summary>
internal static class ChildCommand
{
    private const string NodeHost = "Nano.NodeHost";

    public static (string Executable, IReadOnlyList<string> Args) Resolve(IsolationOptions options, string socketPath)
    {
        var (exe, leading) = options.Executable is { } configured ? (configured, options.LeadingArgs) : Default();
        string[] tail = ["handle-host", "--socket", socketPath, "--parent-pid", Environment.ProcessId.ToString()];
        return (exe, [.. leading, .. tail]);
    }

    private static (string, IReadOnlyList<string>) Default()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == NodeHost) return (self, []);
        var dir = AppContext.BaseDirectory;
        var dll = Path.Combine(dir, NodeHost + ".dll");
        if (File.Exists(dll)) return (DotnetHost(), [dll]);
        var apphost = Path.Combine(dir, NodeHost);
        if (File.Exists(apphost)) return (apphost, []);
        throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"no {NodeHost} next to {dir} to host an isolated handle; set IsolationOptions.Executable");
    }

    /// <summary>The dotnet muxer running this process: the runtime directory is dotnet/shared/Microsoft.NETCore.App/VERSION/.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath) return hostPath;
        var runtimeDir = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var candidate = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "dotnet"));
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
