namespace Nano.Actors.Protocol;

public enum ModelState
{
    Unloaded,
    Loading,
    Ready,
    Failed,
}

/// <summary>A live handle of a model: which thread domain and memory it holds.</summary>
public sealed record HandleStatus(int HandleId, int DomainId, long MemoryMb, bool Busy, int ActiveRuns, string? SessionId);

/// <summary>A model's state on one node's pool.</summary>
public sealed record ModelStatus(
    string ModelId,
    ModelState State,
    string Runtime,
    bool Simulated,
    IReadOnlyList<HandleStatus> Handles,
    int QueueDepth,
    int MaxInstances,
    long MemoryMb,
    string? FailureReason);

/// <summary>Asks the pool for its models; answered with <see cref="PoolSnapshot"/>.</summary>
public sealed record GetPoolStatus
{
    public static readonly GetPoolStatus Instance = new();
}

public sealed record PoolSnapshot(string Node, IReadOnlyList<ModelStatus> Models, int LiveHandles, int MaxHandles, long UsedMemoryMb, long MemoryBudgetMb);
