using System.Diagnostics;
using Nano.LoadGen.Internal.Clients;

namespace Nano.LoadGen.Internal;

/// <summary>
/// Drives connected clients: warm-up, the measured window (bounded by count and time, whichever ends first), then a
/// bounded drain after which whatever still waits is abandoned. Closed loop runs one sender per client; open loop one
/// scheduler for all of them. A sweep every few milliseconds ends requests past their timeout.
/// </summary>
internal sealed partial class LoadRun(LoadContext context, IReadOnlyList<LoadClient> clients, Action<LoadProgress>? progress)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DriversBound = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private long _budget = context.Options.Requests ?? long.MaxValue;
    private volatile bool _draining;

    private LoadOptions Options => context.Options;

    /// <summary>When measuring started (Stopwatch ticks).</summary>
    public long MeasuredFrom { get; private set; }

    /// <summary>This process's CPU time over the run divided by its wall time.</summary>
    public double CpuCores { get; private set; }

    /// <summary>Bytes this process allocated over the run.</summary>
    public long AllocatedBytes { get; private set; }

    public async Task ExecuteAsync(CancellationToken ct)
    {
        _clock.Start();
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        var allocatedAtStart = GC.GetTotalAllocatedBytes();
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
        CpuCores = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds / _clock.Elapsed.TotalSeconds;
        AllocatedBytes = GC.GetTotalAllocatedBytes() - allocatedAtStart;
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
}
