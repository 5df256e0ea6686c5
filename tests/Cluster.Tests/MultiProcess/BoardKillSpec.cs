using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// Issue 6's multi-process test: three NodeHost processes on loopback (A npu+gateway seed, B and C npu), one model
/// with a replica per board, eight MCP clients loading A's gateway; board C is killed (SIGKILL, no leave).
/// Every call must get exactly one answer: completed, failed with a retriable error, or shed with retry_after.
/// Service must resume on the survivors within <see cref="ResumeBound"/> of the kill.
/// </summary>
/// <remarks>
/// The bound, with the shipped defaults (hocon/nano.cluster.conf; akka.* settings cannot be overridden from the
/// command line or the environment, so the test runs them as a board would). C is unreachable after ~5 s (heartbeat
/// 1 s, acceptable pause 3 s, phi 8); from then on the router sends nothing to its replica. Requests C had accepted
/// but not started go again once it is removed (SBR stable-after 3 s, then the leader removes it: ~9-11 s); requests
/// sent to C before anyone noticed were never accepted and go to a live replica after placement-timeout (5 s), by
/// ~11-13 s. Measured: 11.5-14.3 s. 20 s leaves room for a loaded 2-core machine.
/// </remarks>
[Collection(nameof(MultiProcessCollection))]
public sealed class BoardKillSpec(ITestOutputHelper output)
{
    private const string A = "mp-a", B = "mp-b", C = "mp-c";
    private const int Clients = 8;
    private const int MaxTokens = 8;
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(20);
    /// <summary>Above any normal latency here (~0.4 s run, queueing behind 7 other clients), far below a failover.</summary>
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(5);
    /// <summary>The router's own deadline is request-timeout 30 s + 2 × placement-timeout 5 s.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan FormationBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan WarmUpBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FailoverStatusBound = TimeSpan.FromSeconds(30);
    /// <summary>Load keeps running this long after the kill, so service is seen well past the bound.</summary>
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 300_000)]
    public async Task Killing_a_board_process_loses_no_request_and_service_resumes_on_the_survivors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LoopbackCluster.StartAsync(A, B, C, replicas: 3);
        await using var status = await McpTcpClient.ConnectAsync(cluster.Gateway.Tcp, ct);
        var formed = await ClusterStatusView.WaitForAsync(status,
            s => s.UpBoards.Order().SequenceEqual([A, B, C]) && s.OneReplicaPerBoard(3), FormationBound, "3 boards Up with one replica each", ct);
        output.WriteLine($"formed: {string.Join(", ", formed.Placements.Select(p => $"{p.EntityId} on {p.Node}"))}");

        var clock = Stopwatch.StartNew();
        var ledger = new RequestLedger(clock);
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, Clients).Select(i => ClientLoopAsync(i, cluster.Gateway.Tcp, ledger, stop.Token, ct)).ToArray();
        try
        {
            // Warm: every board has served, so C's replica is one the clients really use.
            await WaitForLedgerAsync(ledger, l => new[] { A, B, C }.All(n => l.Count(e => e.Outcome?.Node == n) >= 3), WarmUpBound,
                "every board completing requests", cluster, ct);

            var killAt = clock.Elapsed;
            await cluster[C].KillAsync();
            var down = await ClusterStatusView.WaitForAsync(status, s => !s.UpBoards.Contains(C), FailoverStatusBound, "showing C down", ct);
            var downAt = clock.Elapsed - killAt;
            var replaced = await ClusterStatusView.WaitForAsync(status,
                s => !s.Hosts(C) && s.Placements.All(p => p.Node is A or B), FailoverStatusBound, "without C, its replica re-placed on A or B", ct);
            var replacedAt = clock.Elapsed - killAt;
            output.WriteLine($"C seen down after {downAt.TotalSeconds:0.0} s, gone with replicas re-placed after {replacedAt.TotalSeconds:0.0} s: " +
                             string.Join(", ", replaced.Placements.Select(p => $"{p.EntityId} on {p.Node}")));

            var rest = killAt + LoadAfterKill - clock.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest, ct);
            await stop.CancelAsync();
            var strays = await Task.WhenAll(loops).WaitAsync(CallBound + TimeSpan.FromSeconds(15), ct);

            Assert.Empty(ledger.Defects);
            Assert.Equal(0, strays.Sum());
            AssertEveryRequestAccountedFor(ledger.Entries);
            AssertServiceResumed(ledger.Entries, killAt);
        }
        finally
        {
            // Never leave loops running past the test, whatever failed.
            await stop.CancelAsync();
        }
    }

    /// <summary>Sequential generate calls on one connection until stopped; each id is ledgered before it is sent.</summary>
    /// <returns>Answers the connection received for no pending call (must be none).</returns>
    private static async Task<int> ClientLoopAsync(int loop, IPEndPoint gateway, RequestLedger ledger, CancellationToken stop, CancellationToken ct)
    {
        await using var client = await McpTcpClient.ConnectAsync(gateway, ct);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"load-{loop}-{n}";
            var arguments = new JsonObject
            {
                ["model"] = LoopbackCluster.Model,
                ["prompt"] = $"Client {loop} asks question {n}: what does a board do?",
                ["max_tokens"] = MaxTokens,
                ["request_id"] = id,
            };
            ledger.Sent(id);
            JsonObject answer;
            try
            {
                answer = await client.CallToolAsync("generate", arguments, progressToken: id, ct).WaitAsync(CallBound, ct);
            }
            catch (Exception e) when (e is TimeoutException or IOException)
            {
                // The connection's state is unknown after this: the ledger says what happened, the loop ends.
                ledger.Answered(id, CallOutcome.Unanswered(e is TimeoutException ? $"no answer within {CallBound}" : e.Message));
                break;
            }
            var outcome = CallOutcome.Of(answer);
            ledger.Answered(id, outcome);
            if (outcome.Kind == OutcomeKind.Shed)
            {
                // A well-behaved client honours retry_after (capped: the load should keep probing the cluster).
                var wait = CallOutcome.RetryAfter(answer);
                try { await Task.Delay(wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(2), stop); }
                catch (OperationCanceledException) { break; }
            }
        }
        return client.StrayAnswers;
    }

    private void AssertEveryRequestAccountedFor(IReadOnlyList<LedgerEntry> entries)
    {
        var counts = entries.GroupBy(e => e.Outcome?.Kind.ToString() ?? "in flight").Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"{entries.Count} requests: {string.Join(", ", counts)}");
        var unaccounted = entries.Where(e => e.Outcome is null or { Kind: OutcomeKind.Unexpected or OutcomeKind.Unanswered }).ToArray();
        Assert.True(unaccounted.Length == 0,
            $"{unaccounted.Length} request(s) neither completed, failed retriably nor were shed with retry_after:\n" +
            string.Join("\n", unaccounted.Take(10).Select(e => $"{e.Id}: {e.Outcome?.Kind.ToString() ?? "no answer"} {e.Outcome?.Detail}")));
    }

    /// <summary>
    /// Service has resumed at the last abnormal answer after the kill (a failure, a shed, or an answer slower than
    /// <see cref="SlowAnswer"/>): from then on every request completes promptly, on the survivors.
    /// </summary>
    private void AssertServiceResumed(IReadOnlyList<LedgerEntry> entries, TimeSpan killAt)
    {
        var afterKill = entries.Where(e => e.AnsweredAt >= killAt).ToArray();
        var abnormal = afterKill.Where(e => e.Outcome!.Kind != OutcomeKind.Completed || e.Latency > SlowAnswer).ToArray();
        var resumedAt = abnormal.Length == 0 ? killAt : abnormal.Max(e => e.AnsweredAt!.Value);
        var resumed = entries.Where(e => e.SentAt >= resumedAt).ToArray();
        var completions = afterKill.Where(e => e.Outcome!.Kind == OutcomeKind.Completed).Select(e => e.AnsweredAt!.Value).Order().ToArray();
        var longestGap = completions.Prepend(killAt).Zip(completions, (x, y) => y - x).DefaultIfEmpty().Max();
        foreach (var e in abnormal.OrderBy(e => e.AnsweredAt))
            output.WriteLine($"  {e.Id}: sent at kill{Relative(e.SentAt - killAt)}, answered at kill{Relative(e.AnsweredAt!.Value - killAt)}: " +
                             $"{e.Outcome!.Kind} {e.Outcome.Node} {e.Outcome.Detail}");
        var latencies = resumed.Select(e => e.Latency!.Value.TotalMilliseconds).Order().ToArray();
        output.WriteLine($"service resumed {(resumedAt - killAt).TotalSeconds:0.0} s after the kill ({abnormal.Length} abnormal answer(s) before); " +
                         $"longest time without a completion after the kill {longestGap.TotalSeconds:0.0} s; then {resumed.Length} requests, " +
                         $"latency p50 {Percentile(latencies, 0.5):0} ms, max {latencies.DefaultIfEmpty().Max():0} ms, by node " +
                         string.Join(", ", resumed.GroupBy(e => e.Outcome?.Node).Select(g => $"{g.Key} {g.Count()}")));

        Assert.True(resumedAt - killAt <= ResumeBound, $"service resumed only {(resumedAt - killAt).TotalSeconds:0.0} s after the kill (bound {ResumeBound})");
        Assert.DoesNotContain(entries, e => e.SentAt > killAt && e.Outcome?.Node == C);
        Assert.True(resumed.Length >= 10, $"only {resumed.Length} request(s) after service resumed");
        Assert.All(resumed, e => Assert.Contains(e.Outcome!.Node, new[] { A, B }));
        Assert.Contains(resumed, e => e.Outcome!.Node == A);
        Assert.Contains(resumed, e => e.Outcome!.Node == B);
    }

    private static string Relative(TimeSpan t) => $"{(t < TimeSpan.Zero ? "" : "+")}{t.TotalSeconds:0.0} s";

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];

    private static async Task WaitForLedgerAsync(RequestLedger ledger, Func<IReadOnlyList<LedgerEntry>, bool> condition, TimeSpan bound, string what,
        LoopbackCluster cluster, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(bound);
        try
        {
            while (!condition(ledger.Entries)) await Task.Delay(100, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var nodes = ledger.Entries.GroupBy(e => e.Outcome?.Node ?? e.Outcome?.Kind.ToString() ?? "in flight").Select(g => $"{g.Key} {g.Count()}");
            throw new TimeoutException($"not {what} within {bound}: {string.Join(", ", nodes)}\n{cluster.Tails}");
        }
    }
}
