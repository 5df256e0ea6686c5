namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// The last events of one SSE stream, kept so a client that lost its connection can resume with Last-Event-ID.
/// Bounded: when full, the oldest event is dropped (a resuming client then misses it; the final response, being
/// the newest event of its stream, is always kept).
/// </summary>
internal sealed class ReplayBuffer(int capacity)
{
    private readonly StreamEvent[] _ring = new StreamEvent[Math.Max(1, capacity)];
    private int _start;
    private int _count;

    public void Add(StreamEvent item)
    {
        if (_count == _ring.Length)
        {
            _ring[_start] = item;
            _start = (_start + 1) % _ring.Length;
        }
        else
        {
            _ring[(_start + _count) % _ring.Length] = item;
            _count++;
        }
    }

    /// <summary>The kept events after the given sequence number, oldest first.</summary>
    public IEnumerable<StreamEvent> After(long sequence)
    {
        for (var i = 0; i < _count; i++)
        {
            var item = _ring[(_start + i) % _ring.Length];
            if (item.Id.Sequence > sequence) yield return item;
        }
    }
}
