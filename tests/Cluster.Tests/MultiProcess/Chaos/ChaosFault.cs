namespace Nano.Cluster.Tests.MultiProcess.Chaos;

/// <summary>
/// One injected fault: what was done to which node when, which models had a replica there, and until when its effects
/// are attributed to it (the next phase that changes membership again).
/// </summary>
internal sealed record ChaosFault(string Kind, string Node, TimeSpan At, IReadOnlyList<string> Affected)
{
    /// <summary>An answer slower than this counts as disturbed service (normal latency here is well under a second).</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(5);

    /// <summary>The node's removal as seen from the seed's cluster_status (killed or paused: no longer a member).</summary>
    public TimeSpan? SeenGoneAt { get; set; }

    /// <summary>Every replica placed on a live board again.</summary>
    public TimeSpan? ReplacedAt { get; set; }

    public TimeSpan WindowEnd { get; set; } = TimeSpan.MaxValue;

    /// <summary>Answers through the surviving nodes (not the faulted one) within this fault's window.</summary>
    public IEnumerable<ChaosEntry> Survivors(IEnumerable<ChaosEntry> entries) =>
        entries.Where(e => e.Gateway != Node && e.AnsweredAt is { } t && t >= At && t < WindowEnd);

    /// <summary>Fault → first completion of <paramref name="model"/> sent after the fault through a surviving node.</summary>
    public TimeSpan? FirstSuccess(IEnumerable<ChaosEntry> entries, string model) =>
        Survivors(entries).Where(e => e.Model == model && e.SentAt >= At && e.Outcome?.Kind == ChaosKind.Completed)
            .Select(e => e.AnsweredAt!.Value - At).DefaultIfEmpty(TimeSpan.MaxValue).Min() is var first && first != TimeSpan.MaxValue ? first : null;

    /// <summary>
    /// Fault → service resumed for the surviving nodes' clients: the last disturbed answer (failed, shed, lost or slower
    /// than <see cref="SlowAnswer"/>) in the window; zero when nothing was disturbed.
    /// </summary>
    public TimeSpan Resumed(IEnumerable<ChaosEntry> entries) =>
        Survivors(entries).Where(e => e.Outcome?.Kind != ChaosKind.Completed || e.Latency > SlowAnswer)
            .Select(e => e.AnsweredAt!.Value - At).DefaultIfEmpty(TimeSpan.Zero).Max();

    public string Describe(IReadOnlyList<ChaosEntry> entries)
    {
        var firsts = ChaosCluster.Models.Select(m =>
            $"{m}{(Affected.Contains(m) ? "*" : "")} {FirstSuccess(entries, m)?.TotalSeconds.ToString("0.0") ?? "never"} s");
        var disturbed = Survivors(entries).Count(e => e.Outcome?.Kind != ChaosKind.Completed || e.Latency > SlowAnswer);
        var own = entries.Where(e => e.Gateway == Node && e.AnsweredAt is { } t && t >= At && t < WindowEnd)
            .GroupBy(e => e.Outcome!.Kind == ChaosKind.Completed ? "completed" : $"{e.Outcome.Kind} {e.Outcome.Code}")
            .Select(g => $"{g.Count()} {g.Key} (latency up to {g.Max(e => e.Latency!.Value).TotalSeconds:0.0} s)");
        return $"{Kind} {Node} at {At.TotalSeconds:0.0} s: gone from the seed's view after {Since(SeenGoneAt)}, replicas re-placed after " +
               $"{Since(ReplacedAt)}; first success through a survivor: {string.Join(", ", firsts)} (* had a replica there); " +
               $"service resumed after {Resumed(entries).TotalSeconds:0.0} s ({disturbed} disturbed answer(s) through survivors); " +
               $"answers to {Node}'s own clients: {string.Join(", ", own.DefaultIfEmpty("none"))}";
    }

    private string Since(TimeSpan? t) => t is { } at ? $"{(at - At).TotalSeconds:0.0} s" : "-";
}
