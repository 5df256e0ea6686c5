using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Cluster;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 1: replicas go only where the declared memory and handle slots allow, spread over boards.</summary>
public sealed class PlacementByCapacitySpec : TestKit
{
    [Fact]
    public async Task Replicas_land_only_on_boards_with_the_memory_and_handle_slots_they_need_and_spread_over_boards()
    {
        // large (6 GB) fits only on "big"; "single" (4 GB) has one handle slot; chat has 4 replicas for 3 boards,
        // so without the slot limit "single" (the emptiest board by memory after "big") would take a second one.
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("large", memoryMb: 6144), SimModels.Small("chat", replicas: 4)],
            new SimBoardSpec("big", MemoryMb: 16384), new SimBoardSpec("small", MemoryMb: 2048), new SimBoardSpec("single", MemoryMb: 4096, MaxHandles: 1));

        // Every status seen on the way must respect the capacities, not only the final one.
        var breaches = new List<string>();
        // Settled: unchanged for three rebalance rounds, so a move that would break a limit has had its chance.
        var status = await cluster.WaitForSettledAsync(s =>
        {
            breaches.AddRange(s.Placements.Where(p => p.ModelId == "large" && p.Node is not null && p.Node != "big").Select(p => $"large on {p.Node}"));
            if (s.ReplicasOn("single") > 1) breaches.Add($"{s.ReplicasOn("single")} replicas on single: {SimulatedCluster.Describe(s)}");
            return s.AllPlaced() && s.NodesOf("chat").Distinct().Count() == 3;
        }, quiet: TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(40), "every replica placed, chat on all three boards");

        Assert.Empty(breaches);
        Assert.Equal(["big"], status.NodesOf("large"));
        Assert.Equal(1, status.ReplicasOn("single"));
        Assert.Equal(["big", "single", "small"], status.NodesOf("chat").Distinct().Order());
        // The boards' own pools agree: "single" never holds more than its one handle.
        var singlePool = await cluster["single"].Pool!.Ask<PoolSnapshot>(GetPoolStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.True(singlePool.LiveHandles <= 1, $"single has {singlePool.LiveHandles} live handles");

        var probe = CreateTestProbe();
        cluster["small"].Router.Tell(Requests.Generate("large-1", "large", probe.Ref));
        var done = probe.ExpectCompleted(TimeSpan.FromSeconds(15));
        Assert.Equal("big", done.Origin.Node);
    }
}
