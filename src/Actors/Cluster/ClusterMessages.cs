using Nano.Actors.Diagnostics;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>Cluster roles of a node (--roles).</summary>
public static class NodeRoles
{
    /// <summary>Hosts a pool and model entities and declares its capacity.</summary>
    public const string Npu = "npu";
    /// <summary>Runs the transports and routes requests into the cluster.</summary>
    public const string Gateway = "gateway";
}

/// <summary>What travels through the shard region: a message for one model replica (entity id "model#k").</summary>
public sealed record ModelEnvelope(string EntityId, object Message);

/// <summary>The entity took the request and handed it to its node's pool; the sender is the entity (watched).</summary>
public sealed record RequestAccepted(string RequestId, string Node);

/// <summary>Starts (places) a replica without a request; answered with <see cref="ReplicaPlaced"/>.</summary>
public sealed record EnsurePlaced(string EntityId);

public sealed record ReplicaPlaced(string EntityId, string Node, string Address);

/// <summary>Hand-off stop message of the model entities: drain in-flight work, then stop.</summary>
public sealed record DrainAndStop
{
    public static readonly DrainAndStop Instance = new();
}

/// <summary>An npu node's declared capacity, its pool's state and its host load, published every report-interval.</summary>
/// <param name="Address">The node's cluster address (akka.tcp://nano@host:port).</param>
/// <param name="Host">The board's CPU, RAM and NPU load when it reported.</param>
public sealed record BoardReport(string Address, string Node, string Board, IReadOnlyList<string> Roles,
    long MemoryMb, int MaxHandles, PoolSnapshot Pool, DateTimeOffset At, HostSample? Host = null);

/// <summary>The coordinator's placement decision for one replica: placed on a node, or unplaced with the reason.</summary>
public sealed record PlacementReport(string EntityId, string? Address, string? Reason, DateTimeOffset At);

/// <summary>Asks for the cluster's boards and placements; answered with <see cref="ClusterStatus"/>.</summary>
public sealed record GetClusterStatus
{
    public static readonly GetClusterStatus Instance = new();
}
