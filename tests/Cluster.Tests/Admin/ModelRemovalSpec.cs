using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests.Admin;

/// <summary>RemoveModel in cluster mode: replicas drain and stop, pools forget the model, every node refuses it.</summary>
public sealed class ModelRemovalSpec : TestKit
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_removed_model_stops_its_replicas_leaves_the_status_and_is_unknown_on_every_node_late_joiners_included()
    {
        // 'gone' comes from models.json: its removal must outlive a node that still has it in its own models.json.
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("keep"), SimModels.Small("gone", replicas: 2)],
            new SimBoardSpec("a"), new SimBoardSpec("b"), new SimBoardSpec("c"));
        // Spread over two boards: where rebalance leaves them (an entity caught mid-move would count twice below).
        await cluster.WaitEverywhereAsync(s => s.Serves("gone", 2) && s.Serves("keep", 1) && s.NodesOf("gone").Distinct().Count() == 2,
            Settle, "'gone' (on two boards) and 'keep' placed and loaded");
        var running = new List<string>();
        foreach (var node in cluster.Nodes) running.AddRange(await node.EntitiesAsync());
        Assert.Equal(["gone#0", "gone#1"], running.Where(e => e.StartsWith("gone#", StringComparison.Ordinal)).Distinct().Order());

        var removed = await cluster["b"].RemoveAsync("gone");

        Assert.True(removed.Ok, removed.Message);
        await AwaitAssertAsync(async () =>
        {
            foreach (var node in cluster.Nodes)
            {
                Assert.DoesNotContain(await node.EntitiesAsync(), e => e.StartsWith("gone#", StringComparison.Ordinal));
                Assert.DoesNotContain("gone", await node.PooledAsync());
                Assert.DoesNotContain((await cluster.StatusAsync(node)).Placements, p => p.ModelId == "gone");
            }
        }, Settle, TimeSpan.FromMilliseconds(200));
        // Freed, not only emptied: longer than two rebalance rounds (1 s here), no region hosts a shard of it again.
        await AdminProbes.HoldsForAsync(async () =>
        {
            foreach (var node in cluster.Nodes)
                Assert.DoesNotContain(await node.ShardsAsync(), s => s.StartsWith("gone#", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(3));
        var probe = CreateTestProbe();
        foreach (var node in cluster.Nodes) AssertUnknown(node, probe);
        cluster["c"].Router.Tell(Requests.Generate("keep-via-c", "keep", probe.Ref));
        probe.ExpectCompleted(TimeSpan.FromSeconds(10));
        var again = await cluster["a"].RemoveAsync("gone");
        Assert.Equal((false, NanoErrorCode.ModelNotFound), (again.Ok, again.Code));

        var late = await cluster.AddBoardAsync(new SimBoardSpec("d"));
        await AwaitAssertAsync(async () => Assert.DoesNotContain("gone", await late.PooledAsync()), TimeSpan.FromSeconds(20));
        AssertUnknown(late, probe);
    }

    private static void AssertUnknown(SimNode node, Akka.TestKit.TestProbe probe)
    {
        node.Router.Tell(Requests.Generate($"gone-via-{node.Name}", "gone", probe.Ref));
        var rejected = Assert.IsType<Rejected>(probe.ExpectFinal(TimeSpan.FromSeconds(5)));
        Assert.Equal(NanoErrorCode.ModelNotFound, rejected.Code);
    }
}
