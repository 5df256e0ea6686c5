using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// One SSE stream of a legacy session as its actor sees it: the requests it still waits for, the response currently
/// reading it (none while the client is away) and the last events for Last-Event-ID. Actor-owned, single-threaded.
/// </summary>
internal sealed class SessionStream(long id, int replayCapacity)
{
    private readonly ReplayBuffer _replay = new(replayCapacity);
    private long _sequence;

    public long Id { get; } = id;
    public HashSet<RequestId> Pending { get; } = [];
    public ResponseStream? Reader { get; private set; }
    /// <summary>Its last message was written: nothing more will come.</summary>
    public bool Completed { get; private set; }

    public void Emit(byte[] payload, bool answer, bool final)
    {
        var item = new StreamEvent(new SseEventId(Id, ++_sequence), payload, answer, final);
        _replay.Add(item);
        Reader?.TryWrite(item);
        if (final) Finish();
    }

    /// <summary>Ends the stream without a final message (its requests were dropped).</summary>
    public void Finish()
    {
        Completed = true;
        Reader?.Complete();
    }

    /// <summary>A response takes the stream over: it gets what followed <paramref name="after"/>, then live events.</summary>
    public void Attach(ResponseStream reader, long after)
    {
        Reader?.Complete();
        Reader = reader;
        foreach (var item in _replay.After(after)) reader.TryWrite(item);
        if (Completed) reader.Complete();
    }

    public void Detach(ResponseStream? reader = null)
    {
        if (reader is null || ReferenceEquals(reader, Reader)) Reader = null;
    }
}
