using System.Diagnostics;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 5: boards that join take replicas off the crowded ones, while requests keep completing.</summary>
public sealed class RebalanceOnJoinSpec : TestKit
{
    [Fact]
    public async Task Replicas_move_to_boards_that_join_empty_and_requests_keep_completing_meanwhile()
    {
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("chat", replicas: 4)], new SimBoardSpec("b1"), new SimBoardSpec("b2"));
        await cluster.WaitEverywhereAsync(s => s.AllPlaced() && s.ReplicasOn("b1") == 2 && s.ReplicasOn("b2") == 2,
            TimeSpan.FromSeconds(30), "two chat replicas on each of b1 and b2");

        var ledger = new RequestLedger(Sys);
        var load = new LoadGenerator(ledger, [cluster["b1"].Router, cluster["b2"].Router], "chat", concurrency: 6, tokens: 8);
        load.Start();
        await ledger.WaitForCompletedAsync(10, TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        await cluster.AddBoardAsync(new SimBoardSpec("b3"));
        await cluster.AddBoardAsync(new SimBoardSpec("b4"));
        var joined = clock.Elapsed;
        var status = await cluster.WaitEverywhereAsync(s => s.AllPlaced() && new[] { "b1", "b2", "b3", "b4" }.All(b => s.ReplicasOn(b) == 1),
            TimeSpan.FromSeconds(30), "one chat replica per board");
        var balanced = clock.Elapsed;

        // Requests keep completing after the moves, on the boards that joined too.
        var before = ledger.Count;
        await ledger.WaitForCompletedAsync(before + 20, TimeSpan.FromSeconds(15));
        await load.StopAsync();

        Assert.Empty(ledger.Violations);
        Assert.Empty(ledger.Unanswered);
        var notCompleted = ledger.Finals.Where(f => f.Answer is not Completed).Select(f => f.Answer.ToString()).ToArray();
        Assert.True(notCompleted.Length == 0, $"{notCompleted.Length} of {ledger.Count} requests did not complete: {string.Join("; ", notCompleted.Take(5))}");
        var nodes = ledger.Finals.Select(f => ((Completed)f.Answer).Origin.Node).Distinct().Order().ToArray();
        Assert.Contains("b3", nodes);
        Assert.Contains("b4", nodes);
        Assert.Equal(4, status.NodesOf("chat").Distinct().Count());
        TestContext.Current.TestOutputHelper?.WriteLine($"{ledger.Count} requests, all completed; boards up after {joined.TotalSeconds:F1} s, balanced after {balanced.TotalSeconds:F1} s");
    }
}
