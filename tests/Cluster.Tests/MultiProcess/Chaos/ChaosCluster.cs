using System.Net;
using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess.Chaos;

/// <summary>
/// Three NodeHost processes on loopback, each npu + gateway (MCP over TCP), ephemeral ports: the first is the seed
/// (the oldest member, never faulted here: keep-oldest keeps its side), the others join it. A board that was killed,
/// or that exited after being downed, is started again under its name (new ports) as a supervisor would, and rejoins
/// through the seed. Two fast simulated models: <see cref="Wide"/> with a replica per board and <see cref="Solo"/>
/// with one replica, so a lost board takes a model's only replica with it. The seed has one handle slot (one replica),
/// so the single replica sits on a board that the chaos may fault.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    public const string Wide = "chaos-wide", Solo = "chaos-solo";
    public const int MaxTokens = 8;
    public static readonly string[] Models = [Wide, Solo];

    private readonly string _directory;
    private readonly string[] _names;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeProcess> _live = new(StringComparer.Ordinal);
    private readonly List<NodeProcess> _retired = [];

    private ChaosCluster(string directory, string[] names) => (_directory, _names) = (directory, names);

    public string Seed => _names[0];

    public IReadOnlyList<string> Names => _names;

    public NodeProcess this[string name] { get { lock (_gate) return _live[name]; } }

    /// <summary>
    /// What a client is configured with: every node's MCP endpoint that has a process (a paused one too: a client cannot
    /// tell), in name order. A node's endpoint changes when it is restarted, as a DNS name would move.
    /// </summary>
    public IReadOnlyList<(string Node, IPEndPoint Tcp)> Endpoints
    {
        get { lock (_gate) return _names.Where(n => _live.TryGetValue(n, out var p) && !p.HasExited).Select(n => (n, _live[n].Tcp)).ToArray(); }
    }

    public string Tails
    {
        get { lock (_gate) return string.Join("\n", _retired.Concat(_live.Values).Select(n => $"--- {n.Name} (exited: {n.HasExited}) ---\n{n.Tail}")); }
    }

    public static async Task<ChaosCluster> StartAsync(params string[] names)
    {
        var cluster = new ChaosCluster(Directory.CreateTempSubdirectory("nano-chaos-").FullName, names);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(cluster._directory, "fast.json"), FastModel);
            await File.WriteAllTextAsync(cluster.ConfigPath, ModelsJson);
            foreach (var name in names) await cluster.StartNodeAsync(name);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="name"/> again after its process ended (killed, or exited after being downed).</summary>
    public async Task RestartAsync(string name)
    {
        lock (_gate)
        {
            if (!_live.Remove(name, out var old) || !old.HasExited) throw new InvalidOperationException($"{name} is still running");
            _retired.Add(old);
        }
        await StartNodeAsync(name);
    }

    private string ConfigPath => Path.Combine(_directory, "models.json");

    private async Task StartNodeAsync(string name)
    {
        string[] role = name == Seed ? ["--max-handles", "1"] : ["--seed-nodes", this[Seed].ClusterAddress];
        var node = await NodeProcess.StartAsync(name, gateway: true,
            ["--config", ConfigPath, "--transports", "tcp:0", "--bind", "127.0.0.1", "--cluster-port", "0", "--roles", "npu,gateway", .. role]);
        lock (_gate) _live[name] = node;
    }

    /// <summary>A simulated model fast enough that a request takes ~0.1 s (30 ms to the first token, 100 tokens/s).</summary>
    private const string FastModel = """{"name":"chaos-fast","ttft_ms":30,"tokens_per_s":100,"memory_mb":300,"prompt_tokens_ref":128}""";

    private static string ModelsJson => new JsonObject
    {
        ["model_roots"] = new JsonArray("."),
        ["models"] = new JsonArray(Model(Wide, replicas: 3), Model(Solo, replicas: 1)),
    }.ToJsonString();

    private static JsonObject Model(string name, int replicas) => new()
    {
        ["name"] = name,
        ["path"] = "fast.json",
        ["runtime"] = "sim",
        ["board"] = "rk3588",
        ["replicas"] = replicas,
        ["max_instances"] = 2,
        ["memory_limit_mb"] = 400,
        ["max_context_len"] = 1024,
        ["max_new_tokens"] = MaxTokens,
    };

    public async ValueTask DisposeAsync()
    {
        NodeProcess[] all;
        lock (_gate) all = [.. _live.Values, .. _retired];
        var failures = new List<Exception>();
        foreach (var node in all)
        {
            try { await node.DisposeAsync(); }
            catch (Exception e) { failures.Add(e); }
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        if (failures.Count > 0) throw new AggregateException("some NodeHost processes did not exit", failures);
    }
}
