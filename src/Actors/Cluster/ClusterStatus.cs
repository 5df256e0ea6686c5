using Nano.Actors.Diagnostics;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>One member of the cluster as this node sees it.</summary>
/// <param name="Status">Akka member status (Up, Leaving, ...), plus "Unreachable" when the failure detector says so.</param>
/// <param name="Pool">The board's last pool report (null for gateway-only members or before the first report).</param>
/// <param name="Host">The board's CPU, RAM and NPU load from its last report (null before the first report).</param>
public sealed record BoardStatus(string Address, string Node, string Status, IReadOnlyList<string> Roles, string Board,
    long MemoryMb, int MaxHandles, long ReservedMemoryMb, int PlacedReplicas, PoolSnapshot? Pool, HostSample? Host = null);

/// <summary>Where one replica of a model is, or why it is nowhere.</summary>
public sealed record ReplicaPlacement(string ModelId, int Replica, string EntityId, string? Address, string? Node, string? UnplacedReason);

/// <summary>The cluster at a glance: the answer to <see cref="GetClusterStatus"/> and the cluster_status tool.</summary>
public sealed record ClusterStatus(string SelfAddress, string? Leader, bool Clustered, IReadOnlyList<BoardStatus> Boards,
    IReadOnlyList<ReplicaPlacement> Placements)
{
    /// <summary>A standalone node (no cluster mode): one board with both roles, every model on it.</summary>
    /// <param name="host">The board's load, sampled by the caller (the pool samples it per query).</param>
    public static ClusterStatus Standalone(PoolSnapshot pool, Configuration.PoolSettings settings, HostSample? host = null)
    {
        var reserved = pool.Models.Where(m => m.State is ModelState.Loading or ModelState.Ready).Sum(m => m.MemoryMb);
        var board = new BoardStatus("local", pool.Node, "Up", [NodeRoles.Gateway, NodeRoles.Npu], "", settings.MemoryBudgetMb,
            settings.MaxHandles, reserved, pool.Models.Count, pool, host);
        var placements = pool.Models.Select(m => new ReplicaPlacement(m.ModelId, 0, ReplicaIds.Of(m.ModelId, 0), "local", pool.Node, null)).ToArray();
        return new ClusterStatus("local", null, Clustered: false, [board], placements);
    }
}
