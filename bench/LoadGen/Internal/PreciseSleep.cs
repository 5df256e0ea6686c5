using System.Runtime.InteropServices;

namespace Nano.LoadGen.Internal;

/// <summary>
/// Sleeping until a Stopwatch time with sub-millisecond precision, for the open-loop schedule: .NET timers tick in
/// milliseconds (a 2 ms delay was seen to send ~2 ms late), which would add the generator's own lateness to every
/// latency. Linux nanosleep wakes within tens of microseconds; elsewhere Thread.Sleep's milliseconds remain.
/// </summary>
internal static partial class PreciseSleep
{
    private static readonly long Slice = Ticks.From(TimeSpan.FromMilliseconds(50));

    /// <summary>Blocks the calling (dedicated) thread until <paramref name="due"/>, waking every 50 ms to see <paramref name="ct"/>.</summary>
    public static void Until(long due, CancellationToken ct)
    {
        for (var wait = due - Ticks.Now; wait > 0 && !ct.IsCancellationRequested; wait = due - Ticks.Now)
        {
            var nanoseconds = (long)(Ticks.ToSeconds(Math.Min(wait, Slice)) * 1e9);
            if (OperatingSystem.IsLinux())
            {
                var request = new TimeSpec(0, nanoseconds);
                NanoSleep(in request, 0);
            }
            else Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, nanoseconds / 1_000_000)));
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    // An interrupted sleep (EINTR) just returns early; the loop above sleeps the rest.
    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in TimeSpec request, nint remaining);
}
