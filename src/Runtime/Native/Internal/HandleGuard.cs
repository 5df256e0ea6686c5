namespace Nano.Runtime.Native.Internal;

/// <summary>
/// Keeps the native handle alive while calls use it: callers enter, Dispose marks the handle dead and waits for the
/// calls inside to leave before rkllm_destroy. No lock is held across native calls, so a sink that calls Abort from
/// the callback thread while another thread disposes cannot deadlock (its Abort just sees the handle gone).
/// </summary>
internal sealed class HandleGuard
{
    private int _users;
    private int _disposed;

    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    public bool TryEnter()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _disposed) == 0) return true;
        Interlocked.Decrement(ref _users);
        return false;
    }

    public Scope Enter() => TryEnter() ? new Scope(this) : throw new ObjectDisposedException("rkllm handle");

    public void Exit() => Interlocked.Decrement(ref _users);

    /// <summary>Marks the handle disposed (false if it already was).</summary>
    public bool BeginDispose() => Interlocked.Exchange(ref _disposed, 1) == 0;

    /// <summary>Waits until no call is inside.</summary>
    public void WaitForUsers()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _users) > 0) spin.SpinOnce(sleep1Threshold: 20);
    }

    public readonly struct Scope(HandleGuard guard) : IDisposable
    {
        public void Dispose() => guard.Exit();
    }
}
