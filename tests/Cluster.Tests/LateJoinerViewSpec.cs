using Nano.Simulation;

namespace Nano.Cluster.Tests;

public sealed class LateJoinerViewSpec
{
    [Fact]
    public async Task A_gateway_that_joins_after_placement_learns_where_every_replica_is()
    {
        var options = new SimulationOptions { Models = [SimModels.Small(replicas: 2)], TimeScale = 0.05, ExtraHocon = SimulationOptions.FastFailureDetection, Loggers = FileLoggers.Create() };
        await using var cluster = await SimulatedCluster.StartAsync(options, [new SimBoardSpec("b1"), new SimBoardSpec("b2")]);
        var placed = await Workload.WaitUntilReadyAsync(cluster, ["small"], TimeSpan.FromSeconds(30));

        // Placement reports went out before this node subscribed to them; nothing publishes them again.
        var late = await cluster.AddBoardAsync(SimBoardSpec.GatewayOnly("g"));

        var seen = await cluster.WaitForStatusAsync(s => s.Placements.All(p => p.Node is not null), TimeSpan.FromSeconds(15), "g to see both replicas placed", late);
        Assert.Equal(placed.Placements.Select(p => (p.EntityId, p.Node)).Order(), seen.Placements.Select(p => (p.EntityId, p.Node)).Order());
    }
}
