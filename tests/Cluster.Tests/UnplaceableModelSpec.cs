using Akka.Actor;
using System.Diagnostics;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 2: a model no board can hold is refused at once with the reason, and placed once a board can.</summary>
public sealed class UnplaceableModelSpec : TestKit
{
    [Fact]
    public async Task A_model_larger_than_every_board_is_refused_at_once_and_placed_when_a_big_enough_board_joins()
    {
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("chat"), SimModels.Small("huge", memoryMb: 32768)],
            new SimBoardSpec("b1"), new SimBoardSpec("b2"), new SimBoardSpec("b3"));
        // Refusals name the boards' memory only once the boards have declared it.
        await cluster.WaitEverywhereAsync(s => s.BoardsReported(3) && s.NodesOf("chat").Length == 1, TimeSpan.FromSeconds(20), "boards reported, chat placed");

        var probe = CreateTestProbe();
        var clock = Stopwatch.StartNew();
        cluster["b2"].Router.Tell(Requests.Generate("huge-1", "huge", probe.Ref));
        // Placement-timeout is 5 s: an answer within 1 s means the router refused without waiting for placement.
        var rejected = probe.ExpectMsg<Rejected>(TimeSpan.FromSeconds(1));
        var refusedAfter = clock.Elapsed;
        Assert.Equal(NanoErrorCode.ResourceExhausted, rejected.Code);
        Assert.Contains("32768 MB", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("15360 MB", rejected.Reason, StringComparison.Ordinal);
        Assert.NotNull(rejected.RetryAfter);
        Assert.True(rejected.RetryAfter > TimeSpan.Zero);
        Assert.True(refusedAfter < TimeSpan.FromSeconds(1), $"refused after {refusedAfter}");

        var status = await cluster.StatusAsync(cluster["b3"]);
        var huge = status.Replica("huge#0");
        Assert.Null(huge.Node);
        Assert.Contains("32768 MB", huge.UnplacedReason, StringComparison.Ordinal);

        // Room appears: the replica is placed by the routers' placement checks, with no request asking for it.
        await cluster.AddBoardAsync(new SimBoardSpec("giant", MemoryMb: 40960));
        clock.Restart();
        await cluster.WaitEverywhereAsync(s => s.Replica("huge#0").Node == "giant", TimeSpan.FromSeconds(15), "huge placed on giant");
        var placedAfter = clock.Elapsed;

        cluster["b1"].Router.Tell(Requests.Generate("huge-2", "huge", probe.Ref));
        var done = probe.ExpectCompleted(TimeSpan.FromSeconds(10));
        Assert.Equal("giant", done.Origin.Node);
        TestContext.Current.TestOutputHelper?.WriteLine($"refused after {refusedAfter.TotalMilliseconds:F0} ms; placed {placedAfter.TotalSeconds:F1} s after giant was Up");
    }
}
