using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Nano.NodeHost.Configuration;
using Nano.NodeHost.Tests.Cli;

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>
/// scripts/cluster-local.sh, the docker-compose.yml topology as local processes: four real nodes (a gateway seed and
/// three npu nodes on the simulated NPU) on free loopback ports, checked over MCP and always stopped.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ClusterLocalScriptSpec : IAsyncLifetime
{
    private static readonly string[] Nodes = ["gateway", "npu1", "npu2", "npu3"];
    private readonly string _dir = Directory.CreateTempSubdirectory("nano-cluster-local-").FullName;
    private readonly Dictionary<string, string> _environment;
    private bool _stopped;

    public ClusterLocalScriptSpec()
    {
        _environment = new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = _dir,
            ["BASE_PORT"] = FreePortRange(Nodes.Length).ToString(),
            // Ephemeral MCP ports: the script and this spec read the bound tcp port from the gateway's log.
            ["GATEWAY_PORT"] = "0",
            // The node this test project was built with, so the script does not build again.
            ["NODE_DLL"] = BuiltNode(),
            ["WAIT_SECONDS"] = "45",
            ["STOP_SECONDS"] = "10",
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (!_stopped) await ScriptRun.RunAsync("stop", _environment, TimeSpan.FromSeconds(30));
        }
        finally
        {
            // Whatever the script did, no node this test started outlives it.
            foreach (var pid in Pids().Values.Where(IsNode)) System.Diagnostics.Process.GetProcessById(pid).Kill();
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_script_starts_the_compose_topology_waits_until_every_member_is_up_and_every_model_placed_then_stops_it()
    {
        var start = await ScriptRun.RunAsync("start", _environment, TimeSpan.FromSeconds(55));
        var replicas = NodeConfiguration.Build(NodeOverrides.None, new Dictionary<string, string?>
        {
            ["NANO_MODELS_CONFIG"] = RepoRoot.File("config", "models.json"),
        }).Models.Models.Sum(m => m.Replicas);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains($"ready: 4 of 4 members Up, 3 of 3 npu boards reporting, {replicas} of {replicas} replicas placed", start.Output);
        var pids = Pids();
        Assert.Equal(Nodes, pids.Keys.Order(StringComparer.Ordinal));
        Assert.All(pids.Values, pid => Assert.True(IsNode(pid), $"pid {pid} is no running node"));

        // Asked independently of the script: the members, their roles, and every replica on an npu node.
        var status = await SettledStatusAsync(TcpPort(), replicas);
        var boards = status["boards"]!.Children<JObject>().ToArray();
        Assert.Equal(4, boards.Length);
        Assert.All(boards, b => Assert.Equal("Up", (string?)b["status"]));
        Assert.Single(boards, b => b["roles"]!.Values<string>().SequenceEqual(["gateway"]));
        var npus = boards.Where(b => b["roles"]!.Values<string>().SequenceEqual(["npu"])).ToArray();
        Assert.Equal(["npu1", "npu2", "npu3"], npus.Select(b => (string)b["node"]!).Order(StringComparer.Ordinal));
        // The capacity the script declares for each board (--board-memory-mb 8192 --max-handles 4, as in the compose file).
        Assert.All(npus, b => Assert.Equal((8192L, 4), ((long)b["memory_mb"]!, (int)b["max_handles"]!)));
        var placements = status["placements"]!.Children<JObject>().ToArray();
        Assert.Equal(replicas, placements.Length);
        Assert.All(placements, p => Assert.Contains((string?)p["node"], new[] { "npu1", "npu2", "npu3" }));

        var shown = await ScriptRun.RunAsync("status", _environment, TimeSpan.FromSeconds(20));
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("npu3: running", shown.Output);
        Assert.Matches(new Regex(@"(?m)^cluster: 4 member\(s\)"), shown.Output);

        var stop = await ScriptRun.RunAsync("stop", _environment, TimeSpan.FromSeconds(25));
        _stopped = true;
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("stopped 4 node(s)", stop.Output);
        Assert.All(pids.Values, pid => Assert.False(IsNode(pid), $"node pid {pid} still runs after stop"));
        Assert.Empty(Pids());
    }

    /// <summary>cluster_status once every replica is on an npu node: a rebalance may be moving one when the script returns.</summary>
    private static async Task<JObject> SettledStatusAsync(int port, int replicas)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var status = await McpTcpClient.ClusterStatusAsync(port, bound.Token);
            var placed = status["placements"]!.Count(p => p["node"]?.Type == JTokenType.String);
            if (placed == replicas || bound.IsCancellationRequested) return status;
            await Task.Delay(500, bound.Token);
        }
    }

    private int TcpPort()
    {
        var line = Regex.Match(File.ReadAllText(Path.Combine(_dir, "gateway.log")), @"(?m)^nano: listening tcp 127\.0\.0\.1:(\d+)$");
        Assert.True(line.Success, "no tcp listening line in the gateway's log");
        return int.Parse(line.Groups[1].Value);
    }

    private Dictionary<string, int> Pids() =>
        Directory.GetFiles(_dir, "*.pid").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => int.Parse(File.ReadAllText(f).Trim()));

    /// <summary>A live process running Nano.NodeHost (as the script checks too: a recycled pid is someone else's).</summary>
    private static bool IsNode(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("Nano.NodeHost", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>src/NodeHost's build in this test project's configuration (bin/CONFIG/TFM/).</summary>
    private static string BuiltNode()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = RepoRoot.File("src", "NodeHost", "bin", tfm.Parent!.Name, tfm.Name, "Nano.NodeHost.dll");
        Assert.True(File.Exists(dll), $"no node build at {dll}");
        return dll;
    }

    /// <summary>The first of <paramref name="count"/> consecutive free loopback ports, below the ephemeral range.</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20000, 32000 - count);
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free ports between 20000 and 32000");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
