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
    public IEnumerable<QueuedRequest> InServiceOrder()
    {
        foreach (var item in _interactive)
            yield return item;
        foreach (var item in _batch)
            yield return item;
    }

    /// <summary><see cref="InServiceOrder"/> into a list the caller owns (no iterator or list allocated per call).</summary>
    public void CopyInServiceOrder(List<QueuedRequest> into)
    {
        foreach (var item in _interactive)
            into.Add(item);
        foreach (var item in _batch)
            into.Add(item);
    }

    /// <summary>Checked for every request (a duplicate id is refused), so a plain loop over both lanes.</summary>
    public QueuedRequest? Find(string requestId)
    {
        foreach (var item in _interactive)
            if (item.RequestId == requestId)
                return item;
        foreach (var item in _batch)
            if (item.RequestId == requestId)
                return item;
        return null;
    }

    public bool Remove(QueuedRequest item) => _interactive.Remove(item) || _batch.Remove(item);

    public IReadOnlyList<QueuedRequest> TakeAll()
    {
        var all = new List<QueuedRequest>(Count);
        CopyInServiceOrder(all);
        _interactive.Clear();
        _batch.Clear();
        return all;
    }
}
