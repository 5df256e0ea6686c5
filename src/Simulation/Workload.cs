using System.Diagnostics;
using Nano.Actors.Cluster;
using Nano.Actors.Protocol;
using Nano.Simulation.Internal;

namespace Nano.Simulation;

/// <summary>
/// Drives a <see cref="SimulatedCluster"/> with simulated clients through its gateway members' routers (as the
/// MCP gateway does) and reports what the cluster did. Everything measured is SIMULATED: the boards have no NPU,
/// and times and rates are in simulated time (wall time divided by the cluster's time scale).
/// </summary>
public static class Workload
{
    private static readonly TimeSpan RejectedBackoff = TimeSpan.FromMilliseconds(100);

    public static async Task<SimulationReport> RunAsync(SimulatedCluster cluster, WorkloadOptions options, CancellationToken ct)
    {
        options.Validate();
        var timeScale = cluster.Nodes[0].Board.Clock.TimeScale;
        var wall = Stopwatch.StartNew();
        var run = new WorkloadRun(cluster, options, timeScale);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (options.Duration is { } duration) stop.CancelAfter(run.ToWall(duration.TotalMilliseconds));

        using var progressDone = new CancellationTokenSource();
        var progress = ReportProgressAsync(run, options, progressDone.Token);
        var senders = options.ArrivalRatePerSecond is { } rate
            ? [OpenLoopAsync(run, options, rate, stop, abandon.Token)]
            : Enumerable.Range(0, options.Clients).Select(k => ClientAsync(run, options, k, stop, abandon.Token)).ToArray();
        var all = Task.WhenAll(senders);
        // Sending ends at the deadline or when the request budget is spent; then the in-flight ones get DrainTimeout.
        await Task.WhenAny(all, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (!all.IsCompleted)
        {
            try { await all.WaitAsync(options.DrainTimeout, ct).ConfigureAwait(false); }
            catch (TimeoutException) { await abandon.CancelAsync().ConfigureAwait(false); }
        }
        await all.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        await progressDone.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        options.Progress?.Report(run.Progress());

        var status = await cluster.StatusAsync().ConfigureAwait(false);
        return ReportBuilder.Build(run, options, status, wall.Elapsed);
    }

    /// <summary>
    /// Waits until every gateway member sees every replica of <paramref name="models"/> placed, each model's
    /// replicas spread over as many boards as they can be, and each board holding one reporting the model loaded:
    /// measurements then start warm, and no router starts on a stale view that would pile requests on fewer boards.
    /// </summary>
    public static async Task<ClusterStatus> WaitUntilReadyAsync(SimulatedCluster cluster, IReadOnlyList<string> models, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ClusterStatus? status = null;
        foreach (var node in cluster.LiveNodes.Where(n => n.Spec.Roles.Contains(NodeRoles.Gateway)).ToArray())
        {
            status = await cluster.WaitForStatusAsync(s => models.All(model => Ready(s, model)), Remaining(deadline),
                $"{node.Name} to see the replicas of {string.Join(", ", models)} placed on distinct boards and loaded", node).ConfigureAwait(false);
        }
        return status ?? await cluster.StatusAsync().ConfigureAwait(false);
    }

    private static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private static bool Ready(ClusterStatus status, string model)
    {
        var placements = status.Placements.Where(p => p.ModelId == model).ToArray();
        var boards = status.Boards.Count(b => b.Status == "Up" && b.Roles.Contains(NodeRoles.Npu));
        var nodes = placements.Select(p => p.Node).Distinct().ToArray();
        return placements.Length > 0 && placements.All(p => p.Node is not null)
            && nodes.Length == Math.Min(placements.Length, boards)
            && nodes.All(node => status.Boards.Any(b => b.Node == node
                && b.Pool?.Models.Any(m => m.ModelId == model && m.State == ModelState.Ready) == true));
    }

    private static async Task ClientAsync(WorkloadRun run, WorkloadOptions options, int client, CancellationTokenSource stop, CancellationToken abandon)
    {
        await Task.Yield();
        var random = new Random(unchecked(options.Seed * 1_000_003 + client));
        while (!stop.IsCancellationRequested && run.TryReserve())
        {
            var sending = run.SendAsync(client, random, $"client-{client}", abandon);
            StopWhenBudgetSpent(run, stop);
            var outcome = await sending.ConfigureAwait(false);
            if (outcome is null) return;
            // A refused client waits as told (shed) before its next request, instead of hammering the cluster.
            if (outcome.Final is Rejected rejected && !await Pause(rejected.RetryAfter ?? RejectedBackoff, stop.Token).ConfigureAwait(false)) return;
        }
    }

    private static async Task OpenLoopAsync(WorkloadRun run, WorkloadOptions options, double ratePerSecond, CancellationTokenSource stop, CancellationToken abandon)
    {
        await Task.Yield();
        var random = new Random(options.Seed);
        var requests = new List<Task>();
        var dueMs = 0.0;
        for (var k = 0; !stop.IsCancellationRequested && run.TryReserve(); k++)
        {
            // Poisson arrivals on absolute due times, so late wake-ups do not lower the rate.
            dueMs += -Math.Log(1 - random.NextDouble()) * 1000 / ratePerSecond;
            if (!await Pause(run.ToWall(dueMs - run.NowMs), stop.Token).ConfigureAwait(false)) break;
            requests.Add(run.SendAsync(k, random, $"session-{random.Next(16)}", abandon));
            StopWhenBudgetSpent(run, stop);
        }
        await Task.WhenAll(requests).ConfigureAwait(false);
    }

    /// <summary>Called once a request is on its way (sent before the method's first await).</summary>
    private static void StopWhenBudgetSpent(WorkloadRun run, CancellationTokenSource stop)
    {
        if (run.BudgetSpent) stop.Cancel();
    }

    /// <summary>False when sending stopped during the pause.</summary>
    private static async Task<bool> Pause(TimeSpan wait, CancellationToken stop)
    {
        if (wait <= TimeSpan.Zero) return !stop.IsCancellationRequested;
        try
        {
            await Task.Delay(wait, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task ReportProgressAsync(WorkloadRun run, WorkloadOptions options, CancellationToken done)
    {
        if (options.Progress is not { } progress) return;
        try
        {
            while (true)
            {
                await Task.Delay(options.ProgressInterval, done).ConfigureAwait(false);
                progress.Report(run.Progress());
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended; its final counters are reported once more by the caller.
        }
    }
}
