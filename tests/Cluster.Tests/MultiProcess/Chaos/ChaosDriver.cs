using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess.Chaos;

/// <summary>
/// Runs the chaos scenario's steps against a <see cref="ChaosCluster"/>: the load (clients spread over the nodes),
/// the faults (kill -9, restart, SIGSTOP past the failure detector and SBR, SIGCONT), each step ending on a bounded
/// wait for what the cluster must show (cluster_status from the seed, which is never faulted, or the ledger).
/// </summary>
internal sealed class ChaosDriver : IAsyncDisposable
{
    public static readonly TimeSpan FormationBound = TimeSpan.FromSeconds(90);
    /// <summary>Membership change plus re-placement: unreachable ~5 s, SBR stable-after 3 s, placement a few s; loaded 2-core margin.</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);
    /// <summary>A resumed node finds itself cut off, waits its own stable-after (3 s), downs itself and exits.</summary>
    public static readonly TimeSpan DownedExitBound = TimeSpan.FromSeconds(30);
    /// <summary>No stuck entity: a fresh request for any model through any node completes within this.</summary>
    public static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(20);

    private readonly ChaosCluster _cluster;
    private readonly ITestOutputHelper _output;
    private readonly CancellationToken _ct;
    private readonly McpTcpClient _status;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ChaosClient> _clients = [];
    private readonly List<Task> _loops = [];
    private readonly List<ChaosFault> _faults = [];

    private ChaosDriver(ChaosCluster cluster, McpTcpClient status, ITestOutputHelper output, CancellationToken ct)
    {
        (_cluster, _status, _output, _ct) = (cluster, status, output, ct);
        Ledger = new ChaosLedger(Stopwatch.StartNew());
    }

    public ChaosLedger Ledger { get; }

    public IReadOnlyList<ChaosFault> Faults => _faults;

    public int StrayAnswers => _clients.Sum(c => c.StrayAnswers);

    public static async Task<ChaosDriver> StartAsync(ChaosCluster cluster, ITestOutputHelper output, CancellationToken ct) =>
        new(cluster, await McpTcpClient.ConnectAsync(cluster[cluster.Seed].Tcp, ct), output, ct);

    /// <summary>Every node Up, every replica placed on a live board, <see cref="ChaosCluster.Wide"/> on each board.</summary>
    public Task<ClusterStatusView> WaitFormedAsync(string what) => WaitStatusAsync(s =>
            s.UpBoards.Order().SequenceEqual(_cluster.Names.Order()) && AllPlaced(s)
            && _cluster.Names.All(n => s.Placements.Any(p => p.Node == n && p.EntityId.StartsWith(ChaosCluster.Wide + "#", StringComparison.Ordinal))),
        FormationBound, what);

    public void StartLoad(int clients)
    {
        Ledger.BeginPhase("warm");
        for (var i = 0; i < clients; i++)
        {
            var client = new ChaosClient(i, Ledger, () => _cluster.Endpoints);
            _clients.Add(client);
            _loops.Add(Task.Run(() => client.RunAsync(_stop.Token, _ct)));
        }
    }

    /// <summary>Until every node has completed requests as a gateway and every model has completed.</summary>
    public Task WarmAsync() => WaitLedgerAsync(entries =>
        _cluster.Names.All(n => entries.Count(e => e.Gateway == n && e.Outcome?.Kind == ChaosKind.Completed) >= 3)
        && ChaosCluster.Models.All(m => entries.Any(e => e.Model == m && e.Outcome?.Kind == ChaosKind.Completed)), FormationBound, "warm");

    /// <summary>The non-seed board holding the single-replica model (its loss takes a model's only replica), else any non-seed board.</summary>
    public async Task<string> PickBoardAsync()
    {
        var status = await ClusterStatusView.ReadAsync(_status, _ct);
        var solo = status.Placements.FirstOrDefault(p => p.EntityId.StartsWith(ChaosCluster.Solo + "#", StringComparison.Ordinal))?.Node;
        return solo is not null && solo != _cluster.Seed ? solo : _cluster.Names[^1];
    }

    /// <summary>kill -9; returns once the seed no longer lists the board and every replica is placed on a survivor.</summary>
    public async Task KillAsync(string node, string phase)
    {
        var process = _cluster[node];
        var fault = await BeginFaultAsync("kill -9", node, phase, () => PosixSignals.Send(process.Pid, PosixSignals.SigKill));
        await process.KillAsync();
        await WaitRecoveredAsync(fault);
    }

    /// <summary>SIGSTOP past the failure detector and SBR stable-after: returns once the seed removed it and re-placed its replicas.</summary>
    public async Task PauseAsync(string node, string phase)
    {
        var fault = await BeginFaultAsync("SIGSTOP", node, phase, _cluster[node].Pause);
        await WaitRecoveredAsync(fault);
    }

    /// <summary>SIGCONT a paused node; it must find itself downed and exit on its own. Returns its exit code.</summary>
    public async Task<int> ResumeAsync(string node, string phase)
    {
        var at = Ledger.BeginPhase(phase);
        _cluster[node].Resume();
        var code = await _cluster[node].WaitForExitAsync(DownedExitBound, _ct);
        _output.WriteLine($"{phase}: SIGCONT {node}; it exited with code {code} after {(Ledger.Now - at).TotalSeconds:0.0} s");
        return code;
    }

    /// <summary>Starts an ended board again (as its supervisor would): it must rejoin, and the cluster spread replicas onto it.</summary>
    public async Task RestartAsync(string node, string phase)
    {
        var at = Ledger.BeginPhase(phase);
        foreach (var fault in _faults.Where(f => f.WindowEnd == TimeSpan.MaxValue)) fault.WindowEnd = at;
        await _cluster.RestartAsync(node);
        await WaitFormedAsync($"{node} rejoined with a replica");
        _output.WriteLine($"{phase}: {node} restarted, Up and hosting a replica after {(Ledger.Now - at).TotalSeconds:0.0} s");
    }

    /// <summary>Load continues without faults for <paramref name="length"/>.</summary>
    public async Task SteadyAsync(string phase, TimeSpan length)
    {
        Ledger.BeginPhase(phase);
        await Task.Delay(length, _ct);
    }

    /// <summary>Stops the load; every loop ends once its call in flight has its outcome.</summary>
    public async Task DrainAsync()
    {
        var at = Ledger.BeginPhase("drain");
        foreach (var fault in _faults.Where(f => f.WindowEnd == TimeSpan.MaxValue)) fault.WindowEnd = at;
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(ChaosClient.CallBound + TimeSpan.FromSeconds(15), _ct);
    }

    /// <summary>No stuck entity: a fresh request for every model through every node completes within <see cref="ProbeBound"/>.</summary>
    public async Task<IReadOnlyList<string>> ProbeAsync()
    {
        var stuck = new List<string>();
        foreach (var (node, tcp) in _cluster.Endpoints)
        {
            await using var client = await McpTcpClient.ConnectAsync(tcp, _ct);
            foreach (var model in ChaosCluster.Models)
            {
                var id = $"probe-{node}-{model}";
                var clock = Stopwatch.StartNew();
                var arguments = new JsonObject { ["model"] = model, ["prompt"] = "Are you there?", ["max_tokens"] = 4, ["request_id"] = id };
                try
                {
                    var outcome = ChaosOutcome.Of(await client.CallToolAsync("generate", arguments, null, _ct).WaitAsync(ProbeBound, _ct), id);
                    _output.WriteLine($"probe {model} through {node}: {outcome.Kind} on {outcome.Node} in {clock.ElapsedMilliseconds} ms {outcome.Code} {outcome.Detail}");
                    if (outcome.Kind != ChaosKind.Completed) stuck.Add($"{model} through {node}: {outcome.Kind} {outcome.Code} {outcome.Detail}");
                }
                catch (TimeoutException)
                {
                    stuck.Add($"{model} through {node}: no answer within {ProbeBound}");
                }
            }
        }
        return stuck;
    }

    /// <summary>Notes which models have a replica on <paramref name="node"/>, injects the fault, and starts its phase and window.</summary>
    private async Task<ChaosFault> BeginFaultAsync(string kind, string node, string phase, Action inject)
    {
        var status = await ClusterStatusView.ReadAsync(_status, _ct);
        var affected = ChaosCluster.Models.Where(m => status.Placements.Any(p => p.Node == node && p.EntityId.StartsWith(m + "#", StringComparison.Ordinal))).ToArray();
        inject();
        var at = Ledger.BeginPhase(phase);
        foreach (var open in _faults.Where(f => f.WindowEnd == TimeSpan.MaxValue)) open.WindowEnd = at;
        var fault = new ChaosFault(kind, node, at, affected);
        _faults.Add(fault);
        return fault;
    }

    private async Task WaitRecoveredAsync(ChaosFault fault)
    {
        await WaitStatusAsync(s => !s.Hosts(fault.Node), RecoveryBound, $"{fault.Node} gone after {fault.Kind}");
        fault.SeenGoneAt = Ledger.Now;
        await WaitStatusAsync(s => AllPlaced(s) && s.Placements.All(p => p.Node != fault.Node), RecoveryBound, $"replicas re-placed after {fault.Kind} {fault.Node}");
        fault.ReplacedAt = Ledger.Now;
        // Service, not just placement: every model completes again through the surviving nodes.
        var since = Ledger.Now;
        await WaitLedgerAsync(entries => ChaosCluster.Models.All(m => entries.Any(e =>
            e.Model == m && e.Gateway != fault.Node && e.SentAt >= since && e.Outcome?.Kind == ChaosKind.Completed)), RecoveryBound, $"service after {fault.Kind}");
        _output.WriteLine($"{fault.Kind} {fault.Node}: gone after {(fault.SeenGoneAt - fault.At)?.TotalSeconds:0.0} s, re-placed after " +
                          $"{(fault.ReplacedAt - fault.At)?.TotalSeconds:0.0} s, serving every model after {(Ledger.Now - fault.At).TotalSeconds:0.0} s");
    }

    private static bool AllPlaced(ClusterStatusView s) =>
        s.Placements.Count > 0 && s.Placements.All(p => p.Node is not null && s.UpBoards.Contains(p.Node));

    private async Task<ClusterStatusView> WaitStatusAsync(Func<ClusterStatusView, bool> condition, TimeSpan bound, string what)
    {
        try
        {
            return await ClusterStatusView.WaitForAsync(_status, condition, bound, what, _ct);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{_cluster.Tails}");
        }
    }

    private async Task WaitLedgerAsync(Func<IReadOnlyList<ChaosEntry>, bool> condition, TimeSpan bound, string what)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        deadline.CancelAfter(bound);
        try
        {
            while (!condition(Ledger.Entries)) await Task.Delay(100, deadline.Token);
        }
        catch (OperationCanceledException) when (!_ct.IsCancellationRequested)
        {
            throw new TimeoutException($"not {what} within {bound}:\n{Ledger.PhaseTable()}\n{_cluster.Tails}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { /* the test's own assertions explain; a stuck loop must not hang the run */ }
        await _status.DisposeAsync();
        _stop.Dispose();
    }
}
