using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 3: every member routes, the gateway-only one included, and the request runs where its replica is.</summary>
public sealed class RoutingFromAnyNodeSpec : TestKit
{
    [Fact]
    public async Task Requests_sent_to_any_node_including_a_gateway_only_member_run_on_the_board_hosting_the_replica()
    {
        // The gateway-only member is the seed (oldest), as in a deployment where the gateway starts first.
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("alpha"), SimModels.Small("beta")],
            SimBoardSpec.GatewayOnly("gw"), new SimBoardSpec("b1"), new SimBoardSpec("b2"), new SimBoardSpec("b3"));
        Assert.Null(cluster["gw"].Pool);
        // Settled: both start on the first board that reports, and one of them moves to an empty board.
        var status = await cluster.WaitEverywhereAsync(s => s.AllPlaced() && s.NodesOf("alpha").Concat(s.NodesOf("beta")).Distinct().Count() == 2,
            TimeSpan.FromSeconds(20), "alpha and beta placed on two boards");
        Assert.Equal(0, status.ReplicasOn("gw"));

        var probe = CreateTestProbe();
        foreach (var model in new[] { "alpha", "beta" })
        {
            var host = Assert.Single(status.NodesOf(model));
            foreach (var node in cluster.Nodes)
            {
                node.Router.Tell(Requests.Generate($"{model}-via-{node.Name}", model, probe.Ref));
                var done = probe.ExpectCompleted(TimeSpan.FromSeconds(10));
                Assert.Equal($"{model}-via-{node.Name}", done.RequestId);
                Assert.Equal(host, done.Origin.Node);
                Assert.True(done.Origin.Simulated);
            }
        }
    }
}
