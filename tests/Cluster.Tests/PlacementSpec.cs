using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Runtime;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

public sealed class PlacementSpec : TestKit
{
    [Fact]
    public async Task Replicas_spread_over_boards_and_any_node_routes_to_them()
    {
        var options = new SimulationOptions { Models = [SimModels.Small(replicas: 3)], TimeScale = 0.05, ExtraHocon = SimulationOptions.FastFailureDetection, Loggers = FileLoggers.Create() };
        await using var cluster = await SimulatedCluster.StartAsync(options, [new SimBoardSpec("b1"), new SimBoardSpec("b2"), new SimBoardSpec("b3")]);
        // Boards that join after the first placement attract replicas by rebalancing, one per round.
        var status = await cluster.WaitForStatusAsync(s => s.Placements.Where(p => p.Node is not null).Select(p => p.Node).Distinct().Count() == 3,
            TimeSpan.FromSeconds(30), "one replica per board");
        Assert.All(status.Boards, b => Assert.Equal(1, b.PlacedReplicas));

        var probe = CreateTestProbe();
        cluster["b3"].Router.Tell(new GenerateRequest
        {
            RequestId = "r1", ModelId = "small", Input = new RkllmPromptInput("hello"), MaxNewTokens = 4, ReplyTo = probe.Ref,
        });
        var done = probe.FishForMessage<Completed>(m => m is Completed, TimeSpan.FromSeconds(20));
        Assert.True(done.Origin.Simulated);
    }
}
