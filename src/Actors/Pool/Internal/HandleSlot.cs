using System.Diagnostics;
using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Actors.Pool.Internal;

internal enum SlotState
{
    Loading,
    Ready,
    /// <summary>Told to drain (unload, idle, eviction); still holds its memory until Terminated.</summary>
    Draining,
    /// <summary>Reported a fault and is stopping itself; still holds its memory until Terminated.</summary>
    Faulted,
}

/// <summary>The pool's bookkeeping for one handle actor: placement, load and session binding.</summary>
internal sealed class HandleSlot(int id, string modelId, IActorRef actor, int domainId, long memoryMb, int capacity)
{
    public int Id { get; } = id;
    public string ModelId { get; } = modelId;
    public IActorRef Actor { get; } = actor;
    public int DomainId { get; } = domainId;
    public long MemoryMb { get; } = memoryMb;
    /// <summary>Concurrent runs the handle accepts: n_batch.</summary>
    public int Capacity { get; } = Math.Max(1, capacity);
    public SlotState State { get; set; } = SlotState.Loading;
    public int ActiveRuns { get; set; }
    public string? SessionId { get; set; }
    /// <summary>Stopwatch timestamp of the last run start or end, for LRU eviction and idle unload.</summary>
    public long LastUsed { get; set; } = Stopwatch.GetTimestamp();
    public string? FaultReason { get; set; }

    public bool IsLive => State is SlotState.Loading or SlotState.Ready;
    public bool HasRoom => State == SlotState.Ready && ActiveRuns < Capacity;
    public bool IsIdle => State == SlotState.Ready && ActiveRuns == 0;

    public void Touch() => LastUsed = Stopwatch.GetTimestamp();

    public HandleStatus ToStatus() => new(Id, DomainId, MemoryMb, ActiveRuns > 0, ActiveRuns, SessionId);
}
