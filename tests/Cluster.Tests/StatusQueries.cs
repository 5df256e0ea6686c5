using Nano.Actors.Cluster;

namespace Nano.Cluster.Tests;

/// <summary>Questions the specs ask of a <see cref="ClusterStatus"/>.</summary>
internal static class StatusQueries
{
    public static bool AllPlaced(this ClusterStatus status) => status.Placements.All(p => p.Node is not null);

    /// <summary>The node each replica of <paramref name="model"/> is placed on (unplaced ones left out).</summary>
    public static string[] NodesOf(this ClusterStatus status, string model) =>
        status.Placements.Where(p => p.ModelId == model && p.Node is not null).Select(p => p.Node!).ToArray();

    public static ReplicaPlacement Replica(this ClusterStatus status, string entityId) =>
        status.Placements.Single(p => p.EntityId == entityId);

    /// <summary>Replicas placed on <paramref name="node"/>, by the placements (not the board's own count).</summary>
    public static int ReplicasOn(this ClusterStatus status, string node) => status.Placements.Count(p => p.Node == node);

    /// <summary>Every npu board has reported its capacity (placement can use it).</summary>
    public static bool BoardsReported(this ClusterStatus status, int boards) =>
        status.Boards.Count(b => b.MemoryMb > 0 && b.Status == "Up") == boards;
}
