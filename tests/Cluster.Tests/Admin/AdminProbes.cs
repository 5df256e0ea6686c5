using Akka.Actor;
using Akka.Cluster.Sharding;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Actors.Hosting;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests.Admin;

/// <summary>Model administration as a gateway sends it to a node's router, and what the specs look at afterwards.</summary>
internal static class AdminProbes
{
    public static readonly TimeSpan Answer = TimeSpan.FromSeconds(15);

    public static Task<CommandResult> AddAsync(this SimNode node, ModelDefinition model) =>
        node.Router.Ask<CommandResult>(new AddModel(model), Answer);

    public static Task<CommandResult> RemoveAsync(this SimNode node, string model) =>
        node.Router.Ask<CommandResult>(new RemoveModel(model), Answer);

    /// <summary>The entity ids this node's shard region runs now.</summary>
    public static async Task<string[]> EntitiesAsync(this SimNode node) =>
        (await RegionStateAsync(node)).Shards.SelectMany(s => s.EntityIds).ToArray();

    /// <summary>The shards this node's region hosts now, with or without entities (a shard is homed before its entity starts).</summary>
    public static async Task<string[]> ShardsAsync(this SimNode node) =>
        (await RegionStateAsync(node)).Shards.Select(s => s.ShardId).ToArray();

    private static Task<CurrentShardRegionState> RegionStateAsync(SimNode node) =>
        ClusterSharding.Get(node.System).ShardRegion(NanoClusterHostingExtensions.ShardTypeName)
            .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Answer);

    /// <summary>Runs <paramref name="assertion"/> every 100 ms for <paramref name="duration"/>: a state that lasts, not one passed through.</summary>
    public static async Task HoldsForAsync(Func<Task> assertion, TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        do
        {
            await assertion();
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);
    }

    /// <summary>The models this node's pool knows.</summary>
    public static async Task<string[]> PooledAsync(this SimNode node)
    {
        var snapshot = await node.Pool!.Ask<PoolSnapshot>(GetPoolStatus.Instance, Answer);
        return snapshot.Models.Select(m => m.ModelId).ToArray();
    }

    /// <summary>Every replica of <paramref name="model"/> placed, and its model ready on each replica's board.</summary>
    public static bool Serves(this ClusterStatus status, string model, int replicas) =>
        status.Placements.Count(p => p.ModelId == model && p.Node is not null) == replicas
        && status.Placements.Where(p => p.ModelId == model).All(p => status.Boards.Any(b => b.Node == p.Node
            && b.Pool?.Models.Any(m => m.ModelId == model && m.State == ModelState.Ready) == true));
}
