using Prometheus;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// A gauge set from a snapshot per scrape: label sets missing from the new snapshot are removed, so a handle
/// that unloaded or a member that left stops being reported instead of keeping its last value.
/// </summary>
internal sealed class LabelledGauge(Gauge gauge)
{
    private HashSet<string[]> _previous = new(LabelsComparer.Instance);
    private HashSet<string[]> _current = new(LabelsComparer.Instance);

    public void Set(double value, params string[] labels)
    {
        gauge.WithLabels(labels).Set(value);
        _current.Add(labels);
    }

    public void Inc(double value, params string[] labels)
    {
        var child = gauge.WithLabels(labels);
        if (_current.Add(labels)) child.Set(0);
        child.Inc(value);
    }

    /// <summary>Ends a scrape's round: removes what this round did not set.</summary>
    public void Commit()
    {
        foreach (var stale in _previous.Where(l => !_current.Contains(l)))
            gauge.RemoveLabelled(stale);
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }

    private sealed class LabelsComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelsComparer Instance = new();
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);
        public int GetHashCode(string[] obj) => obj.Aggregate(17, (h, s) => h * 31 + s.GetHashCode(StringComparison.Ordinal));
    }
}
