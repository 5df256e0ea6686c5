using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>How the specs build their simulated clusters: fast simulated NPUs, fast failure detection.</summary>
internal static class TestCluster
{
    /// <summary>Faster rebalance rounds than production (one move per round), so join specs settle in seconds.</summary>
    private const string FastRebalance = """
        akka.cluster.sharding.rebalance-interval = 1s
        """;

    public static SimulationOptions Options(IReadOnlyList<ModelDefinition> models, double timeScale = 0.1) => new()
    {
        Models = models,
        TimeScale = timeScale,
        ExtraHocon = SimulationOptions.FastFailureDetection + "\n" + FastRebalance,
        Loggers = FileLoggers.Create(),
        AkkaLogLevel = AkkaLogLevel(),
    };

    /// <summary>
    /// With NANO_TEST_LOG the nodes' own actor logs (placement, hand-off, failover: Info) go to the file too;
    /// NANO_TEST_AKKA_DEBUG adds Akka's debug log (coordinated shutdown phases, pool dispatch).
    /// </summary>
    private static Akka.Event.LogLevel AkkaLogLevel() =>
        Environment.GetEnvironmentVariable("NANO_TEST_LOG") is null ? Akka.Event.LogLevel.WarningLevel
        : Environment.GetEnvironmentVariable("NANO_TEST_AKKA_DEBUG") is null ? Akka.Event.LogLevel.InfoLevel
        : Akka.Event.LogLevel.DebugLevel;

    public static Task<SimulatedCluster> StartAsync(IReadOnlyList<ModelDefinition> models, params SimBoardSpec[] boards) =>
        SimulatedCluster.StartAsync(Options(models), boards);

    /// <summary>
    /// Waits until <paramref name="done"/> holds and the placements have stayed the same for <paramref name="quiet"/>
    /// (longer than a rebalance round): a state the cluster settled in, not one it passes through.
    /// </summary>
    public static async Task<ClusterStatus> WaitForSettledAsync(this SimulatedCluster cluster, Func<ClusterStatus, bool> done, TimeSpan quiet, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        var since = DateTime.UtcNow;
        ClusterStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await cluster.StatusAsync();
            var placements = string.Join(",", status.Placements.Select(p => $"{p.EntityId}@{p.Node}"));
            if (!done(status)) last = null;
            else if (placements != last)
            {
                last = placements;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= quiet) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"waited {timeout} for {what}, settled for {quiet}; last status: {SimulatedCluster.Describe(status)}");
    }

    /// <summary>Waits until every live node's view satisfies <paramref name="done"/> (routers act on their own view).</summary>
    public static async Task<ClusterStatus> WaitEverywhereAsync(this SimulatedCluster cluster, Func<ClusterStatus, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        ClusterStatus? last = null;
        foreach (var node in cluster.LiveNodes.ToArray())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"waited {timeout} for {what}");
            last = await cluster.WaitForStatusAsync(done, left, $"{what} (as {node.Name} sees it)", node);
        }
        return last ?? throw new TimeoutException($"waited {timeout} for {what}");
    }
}
