using Nano.Actors.Cluster;
using Nano.Actors.Configuration;

namespace Nano.Actors.Hosting;

/// <summary>What a cluster node needs: its cluster settings, the shared models, its pool limits (capacity) and names.</summary>
/// <param name="Board">Board type shown in cluster_status (rk3588, ...).</param>
public sealed record NanoClusterOptions(
    ClusterSettings Settings,
    IReadOnlyList<ModelDefinition> Models,
    PoolSettings Pool,
    string NodeName,
    string Board);

/// <summary>ActorRegistry key of the node's <see cref="ModelRouter"/> (the gateway's router in cluster mode).</summary>
public sealed class ClusterRouter;

/// <summary>ActorRegistry key of the node's <see cref="ClusterViewActor"/>.</summary>
public sealed class ClusterView;
