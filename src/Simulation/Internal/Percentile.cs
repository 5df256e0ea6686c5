namespace Nano.Simulation.Internal;

/// <summary>Exact nearest-rank percentiles over all samples (a simulation run has at most some thousands).</summary>
internal static class Percentile
{
    /// <summary>The smallest sample with at least <paramref name="percent"/> % of the samples at or below it.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) throw new ArgumentException("no samples", nameof(sorted));
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static LatencyPercentiles? Summary(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? null
            : new LatencyPercentiles(Of(sorted, 50), Of(sorted, 90), Of(sorted, 99), sorted[^1], sorted.Length);
    }
}
