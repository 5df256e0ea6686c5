using System.Text.Json.Nodes;
using Nano.Bench.Shared;

namespace Nano.MemoryProbe;

/// <summary>
/// The measurements. Each delta is taken after a warm-up of the same kind (a few sessions, one handle), so the code
/// paths are already jitted and the difference is what N more sessions or K more handles hold.
/// </summary>
internal static class MemoryPhases
{
    private const int WarmUpSessions = 5;
    private static readonly TimeSpan AfterStart = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    /// <summary>The default node (example config, sim models, nothing loaded): idle, then idle TCP and WebSocket sessions.</summary>
    public static async Task IdleAndSessionsAsync(ProbeOptions options, MemoryReport report, CancellationToken cancel)
    {
        await using var node = await StartNodeAsync();
        await Task.Delay(AfterStart, cancel);
        report.Idle($"idle node, {AfterStart.TotalSeconds:0} s after listening", Rss.OfProcess(node.Pid));
        await Task.Delay(options.Settle, cancel);
        report.Idle($"idle node, {(AfterStart + options.Settle).TotalSeconds:0} s after listening", Rss.OfProcess(node.Pid));

        await using var tcpWarm = await IdleSessions.OpenTcpAsync(node.Endpoint("tcp"), WarmUpSessions, cancel);
        await using var wsWarm = await IdleSessions.OpenWebSocketAsync(node.Endpoint("ws"), WarmUpSessions, cancel);
        await Task.Delay(Quiet, cancel);

        var before = Rss.OfProcess(node.Pid);
        await using var tcp = await IdleSessions.OpenTcpAsync(node.Endpoint("tcp"), options.Connections, cancel);
        await Task.Delay(Quiet, cancel);
        var afterTcp = Rss.OfProcess(node.Pid);
        report.PerUnit($"idle TCP MCP session (initialized)", options.Connections, before, afterTcp);

        await using var ws = await IdleSessions.OpenWebSocketAsync(node.Endpoint("ws"), options.Connections, cancel);
        await Task.Delay(Quiet, cancel);
        report.PerUnit($"idle WebSocket MCP session (initialized)", options.Connections, afterTcp, Rss.OfProcess(node.Pid));
    }

    /// <summary>A node on <paramref name="runtime"/> (sim or emu): K more live handles after one warm-up handle.</summary>
    public static async Task HandlesAsync(string runtime, ProbeOptions options, MemoryReport report, CancellationToken cancel)
    {
        var folder = Directory.CreateTempSubdirectory("nano-memory-");
        try
        {
            var path = runtime == "sim" ? "sim://qwen2-0.5b-w8a8" : "emu.rkllm";
            // The emulator reads its model file as key=value settings: no delays, 100 MB reported.
            if (runtime == "emu") await File.WriteAllTextAsync(Path.Combine(folder.FullName, "emu.rkllm"), "memory_mb=100\n", cancel);
            var config = new JsonObject
            {
                ["model_roots"] = new JsonArray("."),
                ["pool"] = new JsonObject { ["max_handles"] = options.Handles + 1 },
                ["models"] = new JsonArray(Model("warm-up", runtime, path)),
            };
            var configPath = Path.Combine(folder.FullName, "models.json");
            await File.WriteAllTextAsync(configPath, config.ToJsonString(), cancel);

            await using var node = await StartNodeAsync("--config", configPath, "--runtime", runtime);
            using var loader = new HandleLoader(node.Endpoint("http"));
            await loader.WaitLoadedAsync(["warm-up"], simulated: runtime == "sim", cancel);
            await Task.Delay(Quiet, cancel);
            var before = Rss.OfProcess(node.Pid);
            var models = Enumerable.Range(1, options.Handles).Select(i => Model($"{runtime}-{i}", runtime, path)).ToList();
            await loader.LoadAsync(models, simulated: runtime == "sim", cancel);
            await Task.Delay(Quiet, cancel);
            report.PerUnit($"live handle, {runtime} runtime", options.Handles, before, Rss.OfProcess(node.Pid));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The Release NodeHost copied next to the probe, on ephemeral loopback tcp, http and ws ports, logging warnings only.</summary>
    private static Task<ListeningProcess> StartNodeAsync(params string[] arguments) => ListeningProcess.StartAsync("Nano.NodeHost.dll",
        [.. arguments, "--transports", "tcp:0,http:0,ws:0", "--bind", "127.0.0.1", "--log-level", "warning"], StartBound, "tcp", "http", "ws");

    private static JsonObject Model(string name, string runtime, string path) => new()
    {
        ["name"] = name,
        ["path"] = path,
        ["runtime"] = runtime,
        ["max_instances"] = 1,
        ["memory_limit_mb"] = 100,
        ["preload"] = true,
    };
}
