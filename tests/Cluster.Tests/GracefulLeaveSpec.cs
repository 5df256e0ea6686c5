using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 7: a board that leaves gracefully finishes its running requests before its replica moves.</summary>
public sealed class GracefulLeaveSpec : TestKit
{
    [Fact]
    public async Task Requests_running_on_a_board_that_leaves_complete_and_its_replica_moves_to_another_board()
    {
        // b1 (the oldest: coordinator) is too small for the model, so the replica is on b2 or b3, and the other one is where it goes.
        var options = TestCluster.Options([SimModels.Small("chat", memoryMb: 1024)], timeScale: 0.5);
        await using var cluster = await SimulatedCluster.StartAsync(options, [new SimBoardSpec("b1", MemoryMb: 512), new SimBoardSpec("b2"), new SimBoardSpec("b3")]);
        var status = await cluster.WaitEverywhereAsync(s => s.AllPlaced() && s.BoardsReported(3), TimeSpan.FromSeconds(20), "chat placed");
        var leaving = status.Replica("chat#0").Node!;
        var staying = leaving == "b2" ? "b3" : "b2";

        // Three requests of about 0.8 s each on one handle: one runs, two wait in the board's queue.
        var probe = CreateTestProbe();
        for (var i = 0; i < 3; i++) cluster["b1"].Router.Tell(Requests.Generate($"long-{i}", "chat", probe.Ref, tokens: 64));
        probe.ExpectMsg<TokenChunk>(TimeSpan.FromSeconds(10));

        var leave = cluster[leaving].LeaveAsync();
        var answers = new List<object>();
        while (answers.Count < 3) answers.Add(probe.ExpectFinal(TimeSpan.FromSeconds(20)));
        await leave.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(answers.All(a => a is Completed), $"not all completed: {string.Join("; ", answers)}");
        Assert.All(answers, a => Assert.Equal(leaving, ((Completed)a).Origin.Node));
        await cluster.WaitEverywhereAsync(s => s.Replica("chat#0").Node == staying, TimeSpan.FromSeconds(15), $"chat placed on {staying}");
        cluster["b1"].Router.Tell(Requests.Generate("after-leave", "chat", probe.Ref, tokens: 4));
        Assert.Equal(staying, probe.ExpectCompleted(TimeSpan.FromSeconds(10)).Origin.Node);
    }
}
