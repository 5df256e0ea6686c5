using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Nano.Clients.Tests.Hosting;
using Nano.Clients.Tests.Scenario;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>
/// Runs ts/scenario.mjs (the TypeScript SDK client; its packages installed by this project's build from the
/// committed lock file) with node, bounded, and returns its NANO-SUMMARY line.
/// </summary>
internal static class TsScenario
{
    private const string SummaryPrefix = "NANO-SUMMARY ";

    private static string ScriptDirectory { get; } = typeof(TsScenario).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TsClientDir").Value!;

    /// <summary>Where the transport reaches the node: a URL (http, ws) or, for stdio, the command that starts one.</summary>
    public sealed record Target(string Transport, Uri? Url = null, string? Command = null, IReadOnlyList<string>? Arguments = null);

    public static async Task<TsSummary> RunAsync(string scenario, Target target)
    {
        var config = JsonSerializer.Serialize(new
        {
            scenario,
            transport = target.Transport,
            url = target.Url?.ToString(),
            command = target.Command,
            args = target.Arguments,
            tools = new { generate = NanoTools.Generate, status = NanoTools.ModelStatus, unknown = NanoTools.UnknownTool },
            slowModel = NanoTools.SlowModel,
            fastModel = NanoTools.FastModel,
            longMaxTokens = NanoTools.LongMaxTokens,
            shortMaxTokens = NanoTools.ShortMaxTokens,
            progressMaxTokens = NanoTools.ProgressMaxTokens,
            concurrentCalls = NanoTools.ConcurrentCalls,
            bounds = new
            {
                connectMs = Ms(Bounds.Connect),
                callMs = Ms(Bounds.Call),
                firstProgressMs = Ms(Bounds.FirstProgress),
                freedMs = Ms(Bounds.Freed),
                concurrentMs = Ms(Bounds.Concurrent),
                scriptMs = Ms(Bounds.Script),
            },
        });
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(ScriptDirectory, "scenario.mjs"));
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
            throw new TimeoutException($"scenario {scenario} over {target.Transport} ran past {Bounds.Script}; stderr:\n{await Drain(stderr)}");
        }
        var summary = (await stdout).Split('\n').LastOrDefault(l => l.StartsWith(SummaryPrefix, StringComparison.Ordinal));
        if (summary is null)
            throw new InvalidOperationException($"scenario {scenario} over {target.Transport} printed no summary (exit {process.ExitCode}); stdout:\n{await stdout}\nstderr:\n{await stderr}");
        using var document = JsonDocument.Parse(summary[SummaryPrefix.Length..]);
        return new TsSummary(document.RootElement.Clone(), await stderr);
    }

    private static long Ms(TimeSpan bound) => (long)bound.TotalMilliseconds;

    private static async Task<string> Drain(Task<string> stream) =>
        await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(2))) == stream ? await stream : "";
}
