using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nano.Actors.Cluster;
using Nano.Actors.Hosting;
using Nano.Runtime;
using Nano.Runtime.Sim;

namespace Nano.Simulation;

/// <summary>
/// A cluster of simulated boards in one process: each board is its own Generic Host and ActorSystem (the same
/// Akka.Hosting wiring as a NodeHost, simulated NPU included) on a free loopback port, joined into one cluster.
/// For tests (placement, routing, failover) and for the `simulate` command. Everything it runs is SIMULATED.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly SimulationOptions _options;
    private readonly ConcurrentQueue<SimNode> _nodes = new();

    private SimulatedCluster(SimulationOptions options) => _options = options;

    /// <summary>Every node started so far, stopped ones included, in start order.</summary>
    public IReadOnlyList<SimNode> Nodes => _nodes.ToArray();

    public IEnumerable<SimNode> LiveNodes => _nodes.Where(n => !n.IsStopped);

    public SimNode this[string name] => _nodes.First(n => n.Name == name);

    /// <summary>Starts the boards one after the other (the first is the seed) and waits until all are Up.</summary>
    public static async Task<SimulatedCluster> StartAsync(SimulationOptions options, IReadOnlyList<SimBoardSpec> boards, TimeSpan? timeout = null)
    {
        var cluster = new SimulatedCluster(options);
        try
        {
            foreach (var board in boards) await cluster.AddBoardAsync(board, waitUp: false).ConfigureAwait(false);
            await cluster.WaitForMembersAsync(boards.Count, timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more board, seeded by a live member, and (by default) waits until it is Up everywhere.</summary>
    public async Task<SimNode> AddBoardAsync(SimBoardSpec spec, bool waitUp = true)
    {
        var seed = LiveNodes.FirstOrDefault()?.Address.ToString();
        var board = new SimulatedBoard(spec.BoardType, spec.MemoryMb, new SimClock(_options.TimeScale));
        var host = BuildHost(spec, seed, board);
        await host.StartAsync().ConfigureAwait(false);
        var node = new SimNode(spec, host, board);
        _nodes.Enqueue(node);
        if (waitUp) await WaitForMembersAsync(LiveNodes.Count(), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return node;
    }

    private IHost BuildHost(SimBoardSpec spec, string? seed, SimulatedBoard board)
    {
        var config = ConfigurationFactory.ParseString(_options.ExtraHocon + $"""

            nano.cluster.enabled = on
            nano.cluster.port = 0
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.coordinated-shutdown.exit-clr = off
            """).WithFallback(NanoClusterConfig.Default);
        var settings = ClusterSettings.FromConfig(config) with
        {
            Host = "127.0.0.1",
            Port = 0,
            Roles = spec.Roles,
            SeedNodes = seed is null ? [] : [seed],
            Board = spec.BoardType,
        };
        var pool = _options.Pool with { MemoryBudgetMb = spec.MemoryMb, MaxHandles = spec.MaxHandles };
        var runtimes = new ConcurrentDictionary<RuntimeSpec, IRkllmRuntime>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(_options.Loggers);
        builder.Services.AddAkka("nano", akka =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend);
            akka.ConfigureLoggers(l =>
            {
                l.LogLevel = _options.AkkaLogLevel;
                l.ClearLoggers();
                l.AddLoggerFactory(_options.Loggers);
            });
            if (spec.Roles.Contains(NodeRoles.Npu))
            {
                akka.WithNpuPool(new NpuPoolOptions(pool, _options.Models, s => runtimes.GetOrAdd(s, r =>
                    new SimulatedRuntime(board, _options.Loggers.CreateLogger<SimulatedRuntime>(), r.Seed, r.Abi)), spec.Name));
            }
            akka.WithNanoCluster(new NanoClusterOptions(settings, _options.Models, pool, spec.Name, spec.BoardType));
        });
        return builder.Build();
    }

    /// <summary>Waits until every live node sees <paramref name="count"/> members Up.</summary>
    public Task WaitForMembersAsync(int count, TimeSpan timeout) => Until(() => LiveNodes.All(n =>
    {
        var state = Akka.Cluster.Cluster.Get(n.System).State;
        return state.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == count && state.Unreachable.Count == 0;
    }), timeout, $"{count} members Up");

    /// <summary>The cluster as <paramref name="node"/> (default: the first live one) sees it.</summary>
    public Task<ClusterStatus> StatusAsync(SimNode? node = null) =>
        (node ?? LiveNodes.First()).Router.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(5));

    /// <summary>Waits until <paramref name="done"/> holds for the cluster status (polled every 100 ms).</summary>
    public async Task<ClusterStatus> WaitForStatusAsync(Func<ClusterStatus, bool> done, TimeSpan timeout, string what, SimNode? node = null)
    {
        ClusterStatus? last = null;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync(node).ConfigureAwait(false);
            if (done(last)) return last;
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"waited {timeout} for {what}; last status: {Describe(last)}");
    }

    /// <summary>Waits until every replica of every model is placed on a live board.</summary>
    public Task<ClusterStatus> WaitForPlacementAsync(TimeSpan timeout, SimNode? node = null) =>
        WaitForStatusAsync(s => s.Placements.All(p => p.Node is not null), timeout, "every replica placed", node);

    public static string Describe(ClusterStatus? status) => status is null ? "none" :
        string.Join("; ", status.Boards.Select(b => $"{b.Node} {b.Status} {b.PlacedReplicas} replica(s)")) + " | " +
        string.Join("; ", status.Placements.Select(p => $"{p.EntityId}@{p.Node ?? "unplaced: " + p.UnplacedReason}"));

    private static async Task Until(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {timeout} for {what}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Youngest first, so the seed (coordinator) leaves last and hand-offs have somewhere to go.
        foreach (var node in _nodes.Reverse()) await node.CrashAsync().ConfigureAwait(false);
    }
}
