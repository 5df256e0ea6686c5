using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// Three NodeHost processes on loopback: A (npu + gateway, the seed, MCP over TCP) and two npu-only boards B and C
/// seeded by A. Cluster and TCP ports are ephemeral (port 0); each node prints the address it bound. The nodes
/// share a models.json with one simulated model whose <paramref name="replicas"/> replicas the cluster spreads.
/// Disposing kills every process and deletes the configuration.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    public const string Model = "small";

    private readonly string _directory;
    private readonly List<NodeProcess> _nodes = [];

    private LoopbackCluster(string directory) => _directory = directory;

    public NodeProcess Gateway => _nodes[0];

    public NodeProcess this[string name] => _nodes.First(n => n.Name == name);

    public IReadOnlyList<string> Names => _nodes.Select(n => n.Name).ToArray();

    /// <summary>What every node said last, for failure messages.</summary>
    public string Tails => string.Join("\n", _nodes.Select(n => $"--- {n.Name} (exited: {n.HasExited}) ---\n{n.Tail}"));

    public static async Task<LoopbackCluster> StartAsync(string a, string b, string c, int replicas)
    {
        var directory = Directory.CreateTempSubdirectory("nano-mp-").FullName;
        var cluster = new LoopbackCluster(directory);
        try
        {
            var config = Path.Combine(directory, "models.json");
            await File.WriteAllTextAsync(config, ModelsJson(replicas));
            cluster._nodes.Add(await NodeProcess.StartAsync(a, gateway: true,
                ["--config", config, "--transports", "tcp:0", "--bind", "127.0.0.1", "--cluster-port", "0", "--roles", "npu,gateway"]));
            var seed = cluster.Gateway.ClusterAddress;
            foreach (var board in new[] { b, c })
                cluster._nodes.Add(await NodeProcess.StartAsync(board, gateway: false,
                    ["--config", config, "--cluster-port", "0", "--roles", "npu", "--seed-nodes", seed]));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One simulated Qwen2 0.5B (real-time sim: ~150 ms to the first token, ~40 tokens/s on an RK3588); two
    /// instances per replica, so a board that takes over a lost board's replica also gets its throughput.
    /// </summary>
    private static string ModelsJson(int replicas) => new JsonObject
    {
        ["models"] = new JsonArray(new JsonObject
        {
            ["name"] = Model,
            ["path"] = "sim://qwen2-0.5b-w8a8",
            ["runtime"] = "sim",
            ["board"] = "rk3588",
            ["replicas"] = replicas,
            ["max_instances"] = 2,
            ["memory_limit_mb"] = 670,
            ["max_context_len"] = 2048,
            ["max_new_tokens"] = 64,
        }),
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        // Every process is killed even if one of them will not go.
        var failures = new List<Exception>();
        foreach (var node in _nodes)
        {
            try { await node.DisposeAsync(); }
            catch (Exception e) { failures.Add(e); }
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        if (failures.Count > 0) throw new AggregateException("some NodeHost processes did not exit", failures);
    }
}
