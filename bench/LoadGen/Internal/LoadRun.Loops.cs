using System.Diagnostics;
using Nano.LoadGen.Internal.Clients;

namespace Nano.LoadGen.Internal;

/// <summary>The senders: one loop per client (closed loop) or one precise schedule for all (open loop).</summary>
internal sealed partial class LoadRun
{
    private int _next;

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
}
