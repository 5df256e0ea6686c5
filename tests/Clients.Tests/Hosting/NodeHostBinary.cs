using System.Diagnostics;

namespace Nano.Clients.Tests.Hosting;

/// <summary>
/// Nano.NodeHost.dll as the test build copies it (project reference), started through the `dotnet` muxer so
/// the clients launch exactly what an operator would: `dotnet Nano.NodeHost.dll --transports ...`.
/// </summary>
internal static class NodeHostBinary
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "Nano.NodeHost.dll");

    /// <summary>The muxer running this test host, so child processes use the same .NET install.</summary>
    public static string Dotnet { get; } = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? self
        : "dotnet";

    /// <summary>Arguments of a node serving MCP over stdio only (stdout carries protocol, logs go to stderr).</summary>
    public static IReadOnlyList<string> StdioArguments { get; } = [DllPath, "--transports", "stdio"];

    public static ProcessStartInfo StartInfo(params string[] nodeArguments)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in nodeArguments) info.ArgumentList.Add(argument);
        return info;
    }
}
