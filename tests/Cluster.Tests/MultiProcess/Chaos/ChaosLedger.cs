using System.Diagnostics;
using System.Text;

namespace Nano.Cluster.Tests.MultiProcess.Chaos;

/// <summary>One chaos request: who sent it through which gateway node, in which phase, and its outcome.</summary>
internal sealed record ChaosEntry(string Id, int Client, string Gateway, string Model, string Phase, TimeSpan SentAt)
{
    public TimeSpan? AnsweredAt { get; init; }
    public ChaosOutcome? Outcome { get; init; }
    /// <summary>Token chunks streamed to the client for this request (a duplicate stream would exceed max_tokens).</summary>
    public int Streamed { get; init; }

    public TimeSpan? Latency => AnsweredAt - SentAt;
}

/// <summary>
/// Every request the chaos load sends, recorded before it is sent, with exactly one terminal outcome. A second outcome
/// for one id, an outcome for an id never sent or an id sent twice is a defect, never overwritten.
/// </summary>
internal sealed class ChaosLedger(Stopwatch clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChaosEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _defects = [];
    private readonly List<(string Name, TimeSpan At)> _phases = [("start", TimeSpan.Zero)];

    public TimeSpan Now => clock.Elapsed;

    public string Phase { get { lock (_gate) return _phases[^1].Name; } }

    public IReadOnlyList<(string Name, TimeSpan At)> Phases { get { lock (_gate) return _phases.ToArray(); } }

    public IReadOnlyList<string> Defects { get { lock (_gate) return _defects.ToArray(); } }

    public IReadOnlyList<ChaosEntry> Entries { get { lock (_gate) return _entries.Values.OrderBy(e => e.SentAt).ToArray(); } }

    /// <summary>Requests sent from now on belong to <paramref name="name"/>; returns when it began.</summary>
    public TimeSpan BeginPhase(string name)
    {
        lock (_gate)
        {
            _phases.Add((name, clock.Elapsed));
            return clock.Elapsed;
        }
    }

    public void Sent(string id, int client, string gateway, string model)
    {
        lock (_gate)
        {
            if (!_entries.TryAdd(id, new ChaosEntry(id, client, gateway, model, _phases[^1].Name, clock.Elapsed))) _defects.Add($"{id} sent twice");
        }
    }

    public void Answered(string id, ChaosOutcome outcome, int streamed)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var entry)) _defects.Add($"{id} answered but never sent");
            else if (entry.Outcome is not null) _defects.Add($"{id} answered twice: {entry.Outcome} then {outcome}");
            else _entries[id] = entry with { AnsweredAt = clock.Elapsed, Outcome = outcome, Streamed = streamed };
        }
    }

    /// <summary>Per phase: sent, and each kind of outcome (failures by code), as printable lines.</summary>
    public string PhaseTable()
    {
        var entries = Entries;
        var text = new StringBuilder();
        text.AppendLine($"{"phase",-10} {"start s",7} {"sent",6} {"done",6} {"failed",6} {"shed",5} {"conn",5} {"unans",5} {"malf",5}  failures by code");
        foreach (var (name, at) in Phases.Where(p => p.Name != "start"))
        {
            var of = entries.Where(e => e.Phase == name).ToArray();
            int Count(ChaosKind kind) => of.Count(e => e.Outcome?.Kind == kind);
            var codes = of.Where(e => e.Outcome?.Kind is ChaosKind.Failed or ChaosKind.Shed or ChaosKind.ConnectionLost)
                .GroupBy(e => e.Outcome!.Code).Select(g => $"{g.Key} {g.Count()}");
            text.AppendLine($"{name,-10} {at.TotalSeconds,7:0.0} {of.Length,6} {Count(ChaosKind.Completed),6} {Count(ChaosKind.Failed),6} " +
                            $"{Count(ChaosKind.Shed),5} {Count(ChaosKind.ConnectionLost),5} {Count(ChaosKind.Unanswered),5} {Count(ChaosKind.Malformed),5}  " +
                            string.Join(", ", codes));
        }
        text.Append($"{"total",-10} {"",7} {entries.Count,6} {entries.Count(e => e.Outcome?.Kind == ChaosKind.Completed),6}; " +
                    $"without an outcome {entries.Count(e => e.Outcome is null)}");
        return text.ToString();
    }
}
