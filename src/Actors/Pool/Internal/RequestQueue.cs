using Nano.Actors.Protocol;

namespace Nano.Actors.Pool.Internal;

internal enum Admission
{
    Accept,
    /// <summary>Full, but an interactive request displaces the newest queued batch request.</summary>
    AcceptShedBatch,
    RefuseFull,
    /// <summary>Batch work is refused once the queue is half full, leaving the rest to interactive work.</summary>
    RefuseBatch,
}

/// <summary>
/// A model's bounded waiting line with two lanes: interactive requests are served first and batch
/// requests are shed first. Capacity counts both lanes.
/// </summary>
internal sealed class RequestQueue(int capacity)
{
    private readonly LinkedList<QueuedRequest> _interactive = new();
    private readonly LinkedList<QueuedRequest> _batch = new();

    public int Capacity { get; } = Math.Max(1, capacity);
    public int Count => _interactive.Count + _batch.Count;

    public Admission Admit(RequestPriority priority)
    {
        if (priority == RequestPriority.Batch)
            return Count * 2 >= Capacity ? Admission.RefuseBatch : Admission.Accept;
        if (Count < Capacity)
            return Admission.Accept;
        return _batch.Count > 0 ? Admission.AcceptShedBatch : Admission.RefuseFull;
    }

    public void Enqueue(QueuedRequest item) =>
        (item.Request.Priority == RequestPriority.Batch ? _batch : _interactive).AddLast(item);

    /// <summary>Removes and returns the most recently queued batch request (it has waited least).</summary>
    public QueuedRequest? ShedNewestBatch()
    {
        var last = _batch.Last;
        if (last is null)
            return null;
        _batch.RemoveLast();
        return last.Value;
    }

    /// <summary>Interactive lane first, each lane oldest first.</summary>
    public IEnumerable<QueuedRequest> InServiceOrder() => _interactive.Concat(_batch);

    public QueuedRequest? Find(string requestId) => InServiceOrder().FirstOrDefault(q => q.RequestId == requestId);

    public bool Remove(QueuedRequest item) => _interactive.Remove(item) || _batch.Remove(item);

    public IReadOnlyList<QueuedRequest> TakeAll()
    {
        var all = InServiceOrder().ToList();
        _interactive.Clear();
        _batch.Clear();
        return all;
    }
}
