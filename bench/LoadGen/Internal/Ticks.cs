using System.Diagnostics;

namespace Nano.LoadGen.Internal;

/// <summary>Stopwatch ticks, the one clock of a run, and their conversions.</summary>
internal static class Ticks
{
    public static long Now => Stopwatch.GetTimestamp();

    public static long From(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static long ToMicroseconds(long ticks) => ticks <= 0 ? 0 : ticks * 1_000_000 / Stopwatch.Frequency;

    public static double ToSeconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
