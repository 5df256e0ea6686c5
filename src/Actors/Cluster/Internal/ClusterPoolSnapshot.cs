using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster.Internal;

/// <summary>The boards' pool snapshots as one (what GetPoolStatus answers in cluster mode).</summary>
internal static class ClusterPoolSnapshot
{
    public static PoolSnapshot Merge(ClusterSnapshot snapshot)
    {
        var pools = snapshot.UsableBoards().Select(b => b.Pool).ToArray();
        var models = pools.SelectMany(p => p.Models).GroupBy(m => m.ModelId, StringComparer.Ordinal).Select(g => new ModelStatus(
            g.Key,
            g.Select(m => m.State).OrderBy(Rank).First(),
            g.First().Runtime,
            g.Any(m => m.Simulated),
            g.SelectMany(m => m.Handles).ToArray(),
            g.Sum(m => m.QueueDepth),
            g.Sum(m => m.MaxInstances),
            g.Sum(m => m.MemoryMb),
            g.Select(m => m.FailureReason).FirstOrDefault(r => r is not null))).ToArray();
        return new PoolSnapshot($"cluster ({pools.Length} board(s))", models, pools.Sum(p => p.LiveHandles), pools.Sum(p => p.MaxHandles),
            pools.Sum(p => p.UsedMemoryMb), pools.Sum(p => p.MemoryBudgetMb));
    }

    /// <summary>A model is as ready as its best board.</summary>
    private static int Rank(ModelState state) => state switch
    {
        ModelState.Ready => 0,
        ModelState.Loading => 1,
        ModelState.Unloaded => 2,
        _ => 3,
    };
}
