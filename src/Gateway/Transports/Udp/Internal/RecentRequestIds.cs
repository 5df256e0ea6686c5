using System.Diagnostics;
using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Transports.Udp.Internal;

/// <summary>
/// The request ids a UDP peer sent lately, so a retry (same id) is executed once: while the first copy runs, the
/// retry is dropped; after it was answered, the retry gets the same answer again. Bounded by count and age.
/// </summary>
internal sealed class RecentRequestIds(int capacity, TimeSpan ttl)
{
    private readonly Dictionary<RequestId, Entry> _entries = new();
    private readonly Queue<(RequestId Id, long Stamp)> _order = new();

    public int Count => _entries.Count;

    /// <summary>Null for a new id (now remembered as running); otherwise what is known about the earlier copy.</summary>
    public Entry? Seen(RequestId id)
    {
        Expire();
        if (_entries.TryGetValue(id, out var entry)) return entry;
        var stamp = Stopwatch.GetTimestamp();
        _entries[id] = new Entry(stamp);
        _order.Enqueue((id, stamp));
        while (_entries.Count > capacity && _order.TryDequeue(out var oldest))
            Forget(oldest.Id, oldest.Stamp);
        return null;
    }

    /// <summary>The request was answered (or dropped, Answer null): a retry gets this answer.</summary>
    public void Answered(RequestId id, byte[]? answer)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            entry.Answer = answer;
            entry.Done = true;
        }
    }

    private void Expire()
    {
        while (_order.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest.Stamp) > ttl)
        {
            _order.Dequeue();
            Forget(oldest.Id, oldest.Stamp);
        }
    }

    private void Forget(RequestId id, long stamp)
    {
        if (_entries.TryGetValue(id, out var entry) && entry.Stamp == stamp) _entries.Remove(id);
    }

    internal sealed class Entry(long stamp)
    {
        public long Stamp { get; } = stamp;
        public bool Done { get; set; }
        public byte[]? Answer { get; set; }
    }
}
