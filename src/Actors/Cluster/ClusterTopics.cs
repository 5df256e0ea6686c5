namespace Nano.Actors.Cluster;

/// <summary>Distributed pub-sub topics of nano's cluster view.</summary>
public static class ClusterTopics
{
    /// <summary><see cref="BoardReport"/>s of the npu nodes.</summary>
    public const string Boards = "nano.boards";
    /// <summary><see cref="PlacementReport"/>s of the shard coordinator's allocation strategy.</summary>
    public const string Placements = "nano.placements";
}
