namespace Nano.LoadGen.Internal;

/// <summary>The once-a-second progress report: totals so far and the answer rate since the previous one.</summary>
internal sealed partial class LoadRun
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);
    private long _lastDone, _lastAt;

    private async Task ReportAsync(CancellationToken ct)
    {
        if (progress is null) return;
        using var timer = new PeriodicTimer(ReportEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false)) Report();
        }
        catch (OperationCanceledException)
        {
            // The run is over; the final line is reported by ExecuteAsync.
        }
    }

    private void Report(bool final = false)
    {
        if (progress is null) return;
        var recorder = context.Recorder;
        var now = Ticks.Now;
        if (final && _lastAt != 0 && Ticks.ToSeconds(now - _lastAt) < 0.2) return; // the last tick said it all
        var done = recorder.AllDone;
        var seconds = _lastAt == 0 ? _clock.Elapsed.TotalSeconds : Ticks.ToSeconds(now - _lastAt);
        var rate = seconds > 0 ? (done - _lastDone) / seconds : 0;
        (_lastDone, _lastAt) = (done, now);
        var phase = _draining ? "drain" : now < MeasuredFrom ? "warmup" : "measure";
        progress(new LoadProgress(_clock.Elapsed, phase, recorder.AllSent, done, recorder.Failed, recorder.Refused, recorder.TimedOut,
            recorder.InFlight, Math.Round(rate, 1)));
    }
}
