using System.Text.Json;
using Nano.Clients.Tests.Scenario;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>
/// Runs ts/scenario.mjs (the TypeScript SDK client) against a node over one transport and returns its summary.
/// </summary>
internal static class TsScenario
{
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
        return await NodeScript.RunAsync("scenario.mjs", config, $"scenario {scenario} over {target.Transport}");
    }

    private static long Ms(TimeSpan bound) => (long)bound.TotalMilliseconds;
}
