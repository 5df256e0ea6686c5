using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Nano.Clients.Tests.Scenario;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>
/// Runs one of the ts/ client scripts with node (their packages installed by this project's build from the committed
/// lock file), its JSON configuration as the only argument, bounded by <see cref="Bounds.Script"/>, and returns the
/// NANO-SUMMARY line it prints last.
/// </summary>
internal static class NodeScript
{
    private const string SummaryPrefix = "NANO-SUMMARY ";

    private static string ScriptDirectory { get; } = typeof(NodeScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TsClientDir").Value!;

    /// <param name="label">What ran, for failure messages (the scenario and its target).</param>
    public static async Task<TsSummary> RunAsync(string script, string config, string label)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(ScriptDirectory, script));
        info.ArgumentList.Add(config);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Bounds.Script);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{label} ran past {Bounds.Script}; stderr:\n{await Drain(stderr)}");
        }
        var summary = (await stdout).Split('\n').LastOrDefault(l => l.StartsWith(SummaryPrefix, StringComparison.Ordinal));
        if (summary is null)
            throw new InvalidOperationException($"{label} printed no summary (exit {process.ExitCode}); stdout:\n{await stdout}\nstderr:\n{await stderr}");
        using var document = JsonDocument.Parse(summary[SummaryPrefix.Length..]);
        return new TsSummary(document.RootElement.Clone(), await stderr);
    }

    private static async Task<string> Drain(Task<string> stream) =>
        await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(2))) == stream ? await stream : "";
}
