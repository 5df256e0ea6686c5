using System.Collections.Concurrent;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// Child side of the per-callback reply: the runtime's callback thread parks here until the parent's sink has
/// answered Continue, Pause or ReleaseBuffer. One waiter per thread, reused, since a thread waits for one reply at a time.
/// </summary>
internal sealed class CallbackWaits
{
    [ThreadStatic] private static Waiter? cached;

    private readonly ConcurrentDictionary<int, Waiter> waiting = new();
    private int nextId;
    private volatile bool released;

    public sealed class Waiter
    {
        internal readonly ManualResetEventSlim Signal = new(false, spinCount: 100);
        internal RkllmCallbackAction Action;

        public RkllmCallbackAction Wait()
        {
            Signal.Wait();
            return Action;
        }
    }

    /// <summary>A waiter for the calling thread, or null once the connection is gone.</summary>
    public Waiter? Register(out int id)
    {
        id = Interlocked.Increment(ref nextId);
        var waiter = cached ??= new Waiter();
        waiter.Signal.Reset();
        waiting[id] = waiter;
        if (!released) return waiter;
        waiting.TryRemove(id, out _);
        return null;
    }

    public void Cancel(int id) => waiting.TryRemove(id, out _);

    public void Complete(int id, RkllmCallbackAction action)
    {
        if (!waiting.TryRemove(id, out var waiter)) return;
        waiter.Action = action;
        waiter.Signal.Set();
    }

    /// <summary>The parent is gone: answer every parked callback with Pause so the run unwinds.</summary>
    public void ReleaseAll()
    {
        released = true;
        foreach (var id in waiting.Keys) Complete(id, RkllmCallbackAction.Pause);
    }
}
