using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 4: a session sticks to one replica and one handle (its KV cache) whichever node routes it.</summary>
public sealed class SessionAffinitySpec : TestKit
{
    [Fact]
    public async Task Requests_of_one_session_run_on_one_node_and_handle_while_different_sessions_spread()
    {
        // Two instances per replica: the pool could pick another handle on the same board, so the handle id is a real check.
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("chat", replicas: 3, maxInstances: 2)],
            new SimBoardSpec("b1"), new SimBoardSpec("b2"), new SimBoardSpec("b3"));
        await cluster.WaitEverywhereAsync(s => s.AllPlaced() && s.NodesOf("chat").Distinct().Count() == 3, TimeSpan.FromSeconds(30), "one chat replica per board");

        var probe = CreateTestProbe();
        var sticky = new List<Completed>();
        for (var round = 0; round < 4; round++)
        {
            // Each round: the same session through every router at once.
            foreach (var node in cluster.Nodes) node.Router.Tell(Requests.Generate($"s-{round}-{node.Name}", "chat", probe.Ref, session: "user-42"));
            foreach (var _ in cluster.Nodes) sticky.Add(probe.ExpectCompleted(TimeSpan.FromSeconds(10)));
        }
        Assert.Single(sticky.Select(c => c.Origin.Node).Distinct());
        Assert.Single(sticky.Select(c => c.Origin.HandleId).Distinct());

        var spread = new List<Completed>();
        for (var s = 0; s < 12; s++)
        {
            cluster.Nodes[s % 3].Router.Tell(Requests.Generate($"other-{s}", "chat", probe.Ref, session: $"user-{s}"));
            spread.Add(probe.ExpectCompleted(TimeSpan.FromSeconds(10)));
        }
        Assert.True(spread.Select(c => c.Origin.Node).Distinct().Count() > 1,
            $"12 sessions all ran on {spread[0].Origin.Node}");
        // And each of those sessions stayed put too: asked again, every one runs where it ran first.
        for (var s = 0; s < 12; s++)
        {
            cluster.Nodes[(s + 1) % 3].Router.Tell(Requests.Generate($"again-{s}", "chat", probe.Ref, session: $"user-{s}"));
            var again = probe.ExpectCompleted(TimeSpan.FromSeconds(10));
            Assert.Equal(spread[s].Origin.Node, again.Origin.Node);
            Assert.Equal(spread[s].Origin.HandleId, again.Origin.HandleId);
        }
    }
}
