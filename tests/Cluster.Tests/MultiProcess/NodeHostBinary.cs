using System.Diagnostics;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// Nano.NodeHost.dll as the test build copies it (project reference), started through the `dotnet` muxer exactly
/// as an operator would: `dotnet Nano.NodeHost.dll run ...`.
/// </summary>
internal static class NodeHostBinary
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "Nano.NodeHost.dll");

    /// <summary>The muxer running this test host, so child processes use the same .NET install.</summary>
    public static string Dotnet { get; } = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? self
        : "dotnet";

    public static ProcessStartInfo StartInfo(IEnumerable<string> nodeArguments)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The nodes' settings come from their arguments only, never from whatever NANO_ variables the test runs under.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("NANO_", StringComparison.OrdinalIgnoreCase)).ToArray())
            info.Environment.Remove(name);
        info.ArgumentList.Add(DllPath);
        foreach (var argument in nodeArguments) info.ArgumentList.Add(argument);
        return info;
    }
}
