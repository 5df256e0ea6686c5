using System.Diagnostics;

namespace Nano.Runtime.Sim;

/// <summary>
/// The simulated NPU's clock. Model time is in simulated milliseconds; the simulator really waits for it, scaled by
/// <see cref="TimeScale"/> (1.0 = real time, 0.01 = a hundred times faster). Reported perf stats are model time,
/// so calibration does not depend on the scale.
/// </summary>
public sealed class SimClock
{
    private readonly long origin = Stopwatch.GetTimestamp();

    public SimClock(double timeScale = 1.0)
    {
        if (!(timeScale > 0) || double.IsInfinity(timeScale))
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "time scale must be a positive finite number");
        TimeScale = timeScale;
    }

    /// <summary>Wall seconds per simulated second.</summary>
    public double TimeScale { get; }

    /// <summary>Simulated milliseconds since the clock was created (wall time divided by the scale).</summary>
    public double NowMs => Stopwatch.GetElapsedTime(origin).TotalMilliseconds / TimeScale;

    /// <summary>The wall-clock duration of a simulated span.</summary>
    public TimeSpan ToWall(double simulatedMs) => TimeSpan.FromMilliseconds(Math.Max(0, simulatedMs) * TimeScale);

    /// <summary>
    /// Blocks until simulated time <paramref name="simulatedMs"/> (on this clock) is reached. Returns false when
    /// cancelled first. Waits are rounded to whole wall milliseconds; callers chain absolute deadlines, so the
    /// rounding error does not accumulate.
    /// </summary>
    public bool WaitUntil(double simulatedMs, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested) return false;
            var wallMs = (int)Math.Min(int.MaxValue, Math.Round((simulatedMs - NowMs) * TimeScale));
            if (wallMs <= 0) return true;
            if (cancellationToken.WaitHandle.WaitOne(wallMs)) return false;
        }
    }
}
