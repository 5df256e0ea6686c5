using HdrHistogram;

namespace Nano.LoadGen.Internal.Recording;

/// <summary>Microsecond histograms from 1 µs to an hour at 3 significant digits, and their summaries.</summary>
internal static class Histograms
{
    private const long HighestMicroseconds = 3_600_000_000;

    public static LongConcurrentHistogram New() => new(1, HighestMicroseconds, 3);

    /// <summary>HdrHistogram throws above its range; an hour-long latency is reported as an hour.</summary>
    public static long Clamp(long microseconds) => Math.Min(microseconds, HighestMicroseconds);

    public static LatencySummary Summary(HistogramBase histogram) => histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0, 0)
        : new LatencySummary(histogram.TotalCount, histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(90),
            histogram.GetValueAtPercentile(99), histogram.GetValueAtPercentile(99.9), histogram.GetMaxValue(), Math.Round(histogram.GetMean(), 1));
}
