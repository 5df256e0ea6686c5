namespace Nano.LoadGen.Internal;

/// <summary>
/// One generate request in flight. Its fields are written by the one place that owns that stage (the sender, then
/// the connection's reader or the HTTP exchange); it ends exactly once, through <see cref="TryEnd"/>, whichever of the
/// answer, the timeout sweep or the final abandon gets there first. Ending releases <see cref="Done"/>.
/// </summary>
internal sealed class Call(bool measured, long scheduledAt, SemaphoreSlim done)
{
    private int _ended;

    public bool Measured { get; } = measured;
    /// <summary>When the request was due to leave (Stopwatch ticks); latency counts from here.</summary>
    public long ScheduledAt { get; } = scheduledAt;
    public SemaphoreSlim Done { get; } = done;
    /// <summary>JSON-RPC id (and progress token) on its connection; 0 for OpenAI.</summary>
    public long Id { get; set; }
    /// <summary>When the request left; the timeout counts from here.</summary>
    public long SentAt { get; set; }
    /// <summary>UDP: when it was last sent or heard of (a silent request is sent again).</summary>
    public long LastActivityAt { get; set; }
    public long FirstEventAt { get; set; }
    public long LastEventAt { get; set; }
    public int Events { get; set; }
    /// <summary>Completion tokens from the answer's usage.</summary>
    public long Tokens { get; set; }
    /// <summary>HTTP: cancels the exchange on timeout or abandon.</summary>
    public CancellationTokenSource? Abort { get; set; }

    public bool Ended => Volatile.Read(ref _ended) != 0;

    public bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;
}
