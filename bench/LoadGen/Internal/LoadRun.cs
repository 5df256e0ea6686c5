using System.Diagnostics;
using Nano.LoadGen.Internal.Clients;

namespace Nano.LoadGen.Internal;

/// <summary>
/// Drives connected clients: warm-up, the measured window (bounded by count and time, whichever ends first), then a
/// bounded drain after which whatever still waits is abandoned. Closed loop runs one sender per client; open loop one
/// scheduler for all of them. A sweep every few milliseconds ends requests past their timeout.
/// </summary>
internal sealed class LoadRun(LoadContext context, IReadOnlyList<LoadClient> clients, Action<LoadProgress>? progress)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DriversBound = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private long _budget = context.Options.Requests ?? long.MaxValue;
    private volatile bool _draining;
    private int _next;
    private long _lastDone, _lastAt;

    private LoadOptions Options => context.Options;

    /// <summary>When measuring started (Stopwatch ticks).</summary>
    public long MeasuredFrom { get; private set; }

    public async Task ExecuteAsync(CancellationToken ct)
    {
        _clock.Start();
        MeasuredFrom = Ticks.Now + Ticks.From(Options.Warmup);
        if (Options.SendingWindow is { } window) _stop.CancelAfter(Options.Warmup + window);
        await using var cancelled = ct.Register(() => _stop.Cancel());
        using var background = new CancellationTokenSource();
        var sweeping = SweepAsync(background.Token);
        var reporting = ReportAsync(background.Token);

        var drivers = Task.WhenAll(Options.Rate is { } rate ? [OpenLoopAsync(rate)] : clients.Select(ClosedLoopAsync));
        await Task.WhenAny(drivers, Task.Delay(Timeout.Infinite, _stop.Token)).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);

        _draining = true;
        await DrainAsync().ConfigureAwait(false);
        foreach (var client in clients) client.AbandonAll();
        try
        {
            await drivers.WaitAsync(DriversBound, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new LoadGenException($"the senders did not stop within {DriversBound.TotalSeconds:0} s of the end (a request that never ended: a bug)", e);
        }

        await background.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(sweeping, reporting).ConfigureAwait(false);
        Report(final: true);
    }

    /// <summary>Each client sends its next request when the last one ended.</summary>
    private async Task ClosedLoopAsync(LoadClient client)
    {
        using var done = new SemaphoreSlim(0);
        while (!_stop.IsCancellationRequested && !client.Broken)
        {
            var now = Ticks.Now;
            var measured = now >= MeasuredFrom;
            if (measured && !TakeBudget()) break;
            await client.StartAsync(new Call(measured, now, done)).ConfigureAwait(false);
            // Every call ends: by its answer, its timeout (the sweep) or the final abandon.
            await done.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Requests leave at start + i/rate whatever the answers do, over the clients in turn, at most OutstandingLimit at
    /// once. A request that leaves late (the outstanding bound, a busy machine) keeps its scheduled time, so its latency
    /// includes the wait: the server is charged for the requests it delayed (no coordinated omission). The schedule
    /// runs on a thread of its own that sleeps precisely (<see cref="PreciseSleep"/>).
    /// </summary>
    private Task OpenLoopAsync(double rate) => Task.Factory.StartNew(() =>
    {
        // Not disposed: calls still in flight release their slots after the scheduler has stopped.
        var slots = new SemaphoreSlim(Options.OutstandingLimit);
        var interval = Stopwatch.Frequency / rate;
        var start = Ticks.Now;
        var stop = _stop.Token;
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * interval);
            PreciseSleep.Until(due, stop);
            try
            {
                slots.Wait(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var client = NextLive();
            var measured = due >= MeasuredFrom;
            if (client is null || (measured && !TakeBudget()))
            {
                slots.Release();
                break;
            }
            var sending = client.StartAsync(new Call(measured, due, slots));
            if (!sending.IsCompletedSuccessfully) sending.AsTask().GetAwaiter().GetResult();
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private LoadClient? NextLive()
    {
        for (var tried = 0; tried < clients.Count; tried++)
        {
            var client = clients[(int)((uint)Interlocked.Increment(ref _next) % (uint)clients.Count)];
            if (!client.Broken) return client;
        }
        return null;
    }

    /// <summary>Claims one measured request of --requests; the last one claimed stops the sending.</summary>
    private bool TakeBudget()
    {
        var left = Interlocked.Decrement(ref _budget);
        if (left <= 0) _stop.Cancel();
        return left >= 0;
    }

    private async Task DrainAsync()
    {
        var until = Ticks.Now + Ticks.From(Options.Drain);
        while (context.Recorder.InFlight > 0 && Ticks.Now < until)
            await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SweepEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var now = Ticks.Now;
                foreach (var client in clients) client.Sweep(now);
                if (clients.All(c => c.Broken)) _stop.Cancel();
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

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
