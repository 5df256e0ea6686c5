using Akka.Actor;
using System.Diagnostics;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Spec 6: a board crashes under load; every request is answered exactly once and the replica comes back.</summary>
public sealed class FailoverSpec : TestKit
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_board_crashing_under_load_leaves_every_request_answered_exactly_once_and_its_replica_placed_again()
    {
        var options = TestCluster.Options([SimModels.Small("chat", replicas: 3)], timeScale: 0.2);
        options = options with { ExtraHocon = options.ExtraHocon + "\n" + HardCrash.Hocon };
        await using var cluster = await SimulatedCluster.StartAsync(options, [new SimBoardSpec("b1"), new SimBoardSpec("b2"), new SimBoardSpec("b3")]);
        var before = await cluster.WaitEverywhereAsync(s => s.AllPlaced() && s.NodesOf("chat").Distinct().Count() == 3,
            TimeSpan.FromSeconds(30), "one chat replica per board");
        // b3 is not the oldest member: the shard coordinator and the split-brain resolver's survivor stay up.
        var lost = before.Placements.Single(p => p.Node == "b3").EntityId;

        // Clients talk to the surviving boards' routers (a client of b3's router would lose its connection with it).
        // 40 clients over 3 single-handle replicas: every board has one request streaming and a dozen queued.
        var ledger = new RequestLedger(Sys);
        var load = new LoadGenerator(ledger, [cluster["b1"].Router, cluster["b2"].Router], "chat", concurrency: 40, tokens: 32);
        load.Start();
        await ledger.WaitForCompletedAsync(60, TimeSpan.FromSeconds(20));

        var clock = Stopwatch.StartNew();
        await cluster.CrashAsync(cluster["b3"]);
        var after = await cluster.WaitEverywhereAsync(s => s.Replica(lost).Node is "b1" or "b2" && s.AllPlaced(),
            RecoveryBound, $"{lost} placed again on a survivor");
        var replacedAfter = clock.Elapsed;

        // New requests complete while the load goes on (they are interactive, the load is batch), the re-placed replica
        // included (round-robin reaches every replica).
        var probe = CreateTestProbe();
        for (var i = 0; i < 6; i++) cluster[i % 2 == 0 ? "b1" : "b2"].Router.Tell(Requests.Generate($"fresh-{i}", "chat", probe.Ref, tokens: 4));
        for (var i = 0; i < 6; i++) probe.ExpectCompleted(Max(RecoveryBound - clock.Elapsed, TimeSpan.FromMilliseconds(1)));
        var recoveredAfter = clock.Elapsed;

        // The load ran through the crash and the recovery; it stops now, and every client gets its last answer.
        await load.StopAsync();
        var drainedAfter = clock.Elapsed;

        Assert.Empty(ledger.Violations);
        Assert.Empty(ledger.Unanswered);
        var finals = ledger.Finals.Select(f => f.Answer).ToArray();
        var unacceptable = finals.Where(a => a switch
        {
            Completed => false,
            Failed f => !(f.Code == NanoErrorCode.NodeLost && f.Retriable),
            Rejected r => r.RetryAfter is null,
            _ => true,
        }).Select(a => a.ToString()).ToArray();
        Assert.True(unacceptable.Length == 0, $"{unacceptable.Length} unacceptable answers: {string.Join("; ", unacceptable.Take(5))}");
        Assert.True(recoveredAfter < RecoveryBound, $"recovered after {recoveredAfter}");
        Assert.DoesNotContain("b3", after.NodesOf("chat"));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{finals.Length} requests: {finals.OfType<Completed>().Count()} completed, {finals.OfType<Failed>().Count()} failed NodeLost, " +
            $"{finals.OfType<Rejected>().Count()} rejected with retry-after; {lost} placed again {replacedAfter.TotalSeconds:F1} s after the crash, " +
            $"last load answer after {drainedAfter.TotalSeconds:F1} s, fresh requests all done after {recoveredAfter.TotalSeconds:F1} s");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
