using System.Diagnostics;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>One generate call: when it was sent and, once answered, when and how.</summary>
internal sealed record LedgerEntry(string Id, TimeSpan SentAt)
{
    public TimeSpan? AnsweredAt { get; init; }
    public CallOutcome? Outcome { get; init; }

    public TimeSpan? Latency => AnsweredAt - SentAt;
}

/// <summary>Every request id the load sent, with its single answer; times are from one test clock.</summary>
internal sealed class RequestLedger(Stopwatch clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _defects = [];

    public TimeSpan Now => clock.Elapsed;

    /// <summary>Ledger misuse seen by the load itself (an id sent twice, answered twice or never sent).</summary>
    public IReadOnlyList<string> Defects { get { lock (_gate) return _defects.ToArray(); } }

    public IReadOnlyList<LedgerEntry> Entries { get { lock (_gate) return _entries.Values.ToArray(); } }

    public void Sent(string id)
    {
        lock (_gate)
        {
            if (!_entries.TryAdd(id, new LedgerEntry(id, clock.Elapsed))) _defects.Add($"{id} sent twice");
        }
    }

    public void Answered(string id, CallOutcome outcome)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var entry)) _defects.Add($"{id} answered but never sent");
            else if (entry.Outcome is not null) _defects.Add($"{id} answered twice: {entry.Outcome} then {outcome}");
            else _entries[id] = entry with { AnsweredAt = clock.Elapsed, Outcome = outcome };
        }
    }
}
