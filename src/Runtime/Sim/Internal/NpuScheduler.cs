namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// The board's NPU as a single server on the simulated timeline, shared by every handle (client) on the board.
/// Jobs (prefill chunks, decode steps) are granted in order of the simulated time their client became ready, so
/// concurrent handles alternate exactly in model time even when their worker threads wake late. A busy client
/// between two jobs (making callbacks) may still ask for an earlier slot, so later requests wait for it, but at
/// most <see cref="GraceWallMs"/> of wall time: a stalled or slow client cannot hold the NPU.
/// </summary>
internal sealed class NpuScheduler(SimClock clock)
{
    // 250 ms: long enough that a worker thread starved by a loaded 2-core machine (CI runs test assemblies in
    // parallel) keeps its turn, short enough that a client stuck in a slow callback cannot stall the board for long.
    public const double GraceWallMs = 250;

    private readonly object gate = new();
    private readonly Dictionary<object, Client> clients = new(ReferenceEqualityComparer.Instance);
    private double freeAt = double.NegativeInfinity;
    private double busyMs;
    private long arrivals;

    private sealed class Client
    {
        public bool Active;    // has runs: will ask again after its callbacks
        public bool Pending;   // waiting for a grant
        public double Ready;
        public double Duration;
        public long Arrival;
        public double LastEnd = double.NegativeInfinity;
        public (double Start, double End)? Grant;
    }

    public double BusyMs { get { lock (gate) return busyMs; } }

    /// <summary>The client has no runs left (idle, paused or destroyed): it no longer holds others back.</summary>
    public void SetIdle(object client)
    {
        lock (gate)
        {
            if (!clients.TryGetValue(client, out var c)) return;
            c.Active = c.Pending = false;
            Monitor.PulseAll(gate);
        }
    }

    public void Detach(object client)
    {
        lock (gate)
        {
            clients.Remove(client);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Blocks (in wall time) until the job is granted; returns its simulated slot, or null when cancelled.</summary>
    public (double Start, double End)? Reserve(object client, double readyAtMs, double durationMs, CancellationToken cancel)
    {
        using var wake = cancel.Register(() => { lock (gate) Monitor.PulseAll(gate); });
        lock (gate)
        {
            if (!clients.TryGetValue(client, out var me)) clients[client] = me = new Client();
            (me.Active, me.Pending, me.Ready, me.Duration, me.Arrival, me.Grant) = (true, true, readyAtMs, durationMs, ++arrivals, null);
            while (true)
            {
                var waitWallMs = GrantInOrder();
                if (me.Grant is { } grant) return grant;
                if (cancel.IsCancellationRequested)
                {
                    me.Pending = false;
                    Monitor.PulseAll(gate);
                    return null;
                }
                Monitor.Wait(gate, (int)Math.Clamp(Math.Ceiling(waitWallMs), 1, 100));
            }
        }
    }

    /// <summary>A granted job was interrupted at <paramref name="nowMs"/>: give back the rest if nothing was queued behind it.</summary>
    public void CutShort(double start, double end, double nowMs)
    {
        lock (gate)
        {
            if (freeAt != end) return;
            var stop = Math.Clamp(nowMs, start, end);
            busyMs -= end - stop;
            freeAt = stop;
        }
    }

    /// <summary>Grants pending jobs, earliest-ready first, for whichever threads own them; returns how long to wait for a blocker.</summary>
    private double GrantInOrder()
    {
        var now = clock.NowMs;
        var grace = GraceWallMs / clock.TimeScale;
        while (clients.Values.Where(c => c.Pending).MinBy(c => (c.Ready, c.Arrival)) is { } next)
        {
            var start = Math.Max(next.Ready, freeAt);
            // A busy client between jobs could still be ready as early as its last end (or "now - grace" once late).
            if (clients.Values.Any(c => c != next && c.Active && !c.Pending && Math.Max(c.LastEnd, now - grace) < start))
                return (start + grace - now) * clock.TimeScale;
            next.Pending = false;
            next.Grant = (start, start + next.Duration);
            next.LastEnd = freeAt = start + next.Duration;
            busyMs += next.Duration;
            Monitor.PulseAll(gate);
        }
        return 100;
    }
}
