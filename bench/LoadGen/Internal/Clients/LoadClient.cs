namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// One connection (or HTTP session) of a run and the requests waiting on it, by id. Requests end through
/// <see cref="End"/> (the answer), <see cref="Sweep"/> (timeouts) or <see cref="AbandonAll"/> (the run stopped);
/// registering and closing share one lock, so no request can slip in after the final abandon and wait forever.
/// </summary>
internal abstract class LoadClient(LoadContext context) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Call> _pending = [];
    private bool _closed;
    private long _nextId;
    private volatile bool _broken;
    private volatile bool _lostWhileOpen;

    protected LoadContext Context { get; } = context;

    /// <summary>The connection failed or was closed by the server: no more requests go on it.</summary>
    public bool Broken => _broken;

    /// <summary>The connection broke while the run still used it (not closed by the run's end).</summary>
    public bool LostWhileOpen => _lostWhileOpen;

    /// <summary>Connects and does the MCP handshake (initialize, notifications/initialized).</summary>
    public abstract Task ConnectAsync(CancellationToken ct);

    /// <summary>Sends the call; returns once it has left. Its end comes later, through the recorder.</summary>
    public async ValueTask StartAsync(Call call)
    {
        call.Id = Interlocked.Increment(ref _nextId);
        call.SentAt = Ticks.Now;
        Context.Recorder.Sending(call, call.SentAt);
        bool open;
        lock (_gate)
        {
            open = !_closed && !_broken;
            if (open) _pending.Add(call.Id, call);
        }
        if (!open)
        {
            Context.Recorder.End(call, _closed ? Outcome.Abandoned : Outcome.Error, ErrorKey.Io);
            return;
        }
        try
        {
            await SendAsync(call).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            Lost();
        }
    }

    protected abstract ValueTask SendAsync(Call call);

    /// <summary>The request with this id, taken out of the waiting ones; null when it is no longer waiting.</summary>
    protected Call? Take(long id)
    {
        lock (_gate)
            return _pending.Remove(id, out var call) ? call : null;
    }

    /// <summary>The request with this id while it waits (for its streamed events).</summary>
    protected Call? Find(long id)
    {
        lock (_gate)
            return _pending.GetValueOrDefault(id);
    }

    protected void End(Call call, Outcome outcome, ErrorKey key = default, bool retryAfter = false)
    {
        Take(call.Id);
        Context.Recorder.End(call, outcome, key, retryAfter);
    }

    /// <summary>Ends the requests waiting longer than the timeout; runs every few milliseconds.</summary>
    public void Sweep(long now)
    {
        List<Call>? expired = null;
        lock (_gate)
        {
            foreach (var call in _pending.Values)
            {
                if (now - call.SentAt > Context.TimeoutTicks) (expired ??= []).Add(call);
                else Idle(call, now);
            }
            if (expired is not null) foreach (var call in expired) _pending.Remove(call.Id);
        }
        if (expired is null) return;
        foreach (var call in expired)
            if (Context.Recorder.End(call, Outcome.Timeout)) GaveUp(call);
    }

    /// <summary>A request still waiting at a sweep (UDP resends the silent ones). Called under the lock: must not block.</summary>
    protected virtual void Idle(Call call, long now)
    {
    }

    /// <summary>A request ended by its timeout: tell the server to stop it.</summary>
    protected virtual void GaveUp(Call call) => call.Abort?.Cancel();

    /// <summary>The run is over: every request still waiting is abandoned, and none may start after.</summary>
    public void AbandonAll()
    {
        List<Call> left;
        lock (_gate)
        {
            _closed = true;
            left = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var call in left)
            if (Context.Recorder.End(call, Outcome.Abandoned)) call.Abort?.Cancel();
    }

    /// <summary>The connection is gone: its waiting requests fail with an I/O error.</summary>
    protected void Lost()
    {
        List<Call> left;
        lock (_gate)
        {
            if (!_broken && !_closed) _lostWhileOpen = true;
            _broken = true;
            left = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var call in left) Context.Recorder.End(call, _closed ? Outcome.Abandoned : Outcome.Error, ErrorKey.Io);
    }

    public abstract ValueTask DisposeAsync();
}
