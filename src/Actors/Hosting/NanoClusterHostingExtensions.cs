using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.DistributedData;
using Akka.Hosting;
using Nano.Actors.Cluster;
using Nano.Actors.Cluster.Internal;

namespace Nano.Actors.Hosting;

/// <summary>Cluster mode for Akka.Hosting: remoting, membership, split-brain resolver, model sharding, routing.</summary>
public static class NanoClusterHostingExtensions
{
    public const string ShardTypeName = "model";

    /// <summary>
    /// Turns the actor system into a cluster member with the roles of <see cref="NanoClusterOptions.Settings"/>.
    /// npu nodes host the model entities (call <see cref="NpuPoolHostingExtensions.WithNpuPool"/> first); every
    /// node gets a <see cref="ModelRouter"/> (registered as <see cref="ClusterRouter"/>) and a view of the cluster
    /// (<see cref="ClusterView"/>). Every node keeps the replicated model catalog (<see cref="ModelCatalogActor"/>,
    /// models.json plus run-time administration); an npu node's pool follows it. Without seed nodes the node joins
    /// itself: the first board of a new cluster.
    /// </summary>
    public static AkkaConfigurationBuilder WithNanoCluster(this AkkaConfigurationBuilder builder, NanoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Settings;
        var baseline = options.Models.ToArray();
        var catalogs = new ModelCatalogState(new ModelCatalog(baseline));
        var state = new ClusterViewState();
        var npu = settings.HasRole(NodeRoles.Npu);
        return builder
            .AddHocon(MembershipHocon(settings), HoconAddMode.Prepend)
            .AddHocon(NanoClusterConfig.Default, HoconAddMode.Append)
            // At start, not when the extension loads: serializer bindings are read once, when the system starts, and
            // without distributed data's own (protobuf) serializers its replicators fall back to JSON, which cannot
            // write the catalog's LWW map (its version vectors) and drops every update other nodes gossip.
            .AddHocon(DistributedData.DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, registry) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                var catalog = system.ActorOf(ModelCatalogActor.Props(baseline, catalogs, settings.CatalogWriteTimeout), "model-catalog");
                var view = system.ActorOf(ClusterViewActor.Props(state, catalogs), "cluster-view");
                registry.Register<ClusterView>(view);
                var sharding = ClusterSharding.Get(system);
                var extractor = new ModelMessageExtractor();
                IActorRef region;
                var pool = npu ? registry.Get<NpuPool>() : null;
                system.ActorOf(BoardReporter.Props(pool, options.NodeName, npu ? options.Board : "", settings.Roles,
                    npu ? options.Pool.MemoryBudgetMb : 0, npu ? options.Pool.MaxHandles : 0, settings.ReportInterval, options.Pool.NpuLoadFile),
                    "board-reporter");
                if (pool is not null)
                {
                    system.ActorOf(PoolCatalogSync.Props(pool, catalogs.Current, settings.DrainTimeout), "pool-catalog-sync");
                    // ClusterSharding.Start rather than WithShardRegion: Akka.Hosting's ShardOptions cannot take a
                    // custom allocation strategy, and placement by capacity is the point of this region.
                    region = sharding.Start(ShardTypeName,
                        entityId => ModelEntity.Props(entityId, pool, options.NodeName, settings, catalogs),
                        ClusterShardingSettings.Create(system).WithRole(NodeRoles.Npu),
                        extractor, new CapacityAllocationStrategy(catalogs, state), DrainAndStop.Instance);
                    HandOffBeforeThePoolStops(system, region, settings);
                }
                else region = sharding.StartProxy(ShardTypeName, NodeRoles.Npu, extractor);

                var router = system.ActorOf(ModelRouter.Props(catalogs, catalog, region, view, state, settings, options.Pool.RequestTimeout), "model-router");
                registry.Register<ClusterRouter>(router);
                if (settings.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
            });
    }

    /// <summary>
    /// A graceful leave drains: the pool aborts its running requests in the service-stop phase, which comes before
    /// the phase where sharding hands the replicas off, so the replicas are handed off (each waits for its model's
    /// in-flight work, at most drain-timeout) one phase earlier, in service-requests-done.
    /// </summary>
    private static void HandOffBeforeThePoolStops(ActorSystem system, IActorRef region, ClusterSettings settings)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "nano-hand-off-replicas", async () =>
        {
            // A downed node has nobody to hand off to.
            if (cluster.IsTerminated || cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Down) return Akka.Done.Instance;
            try
            {
                await region.GracefulStop(settings.DrainTimeout + HandOffMargin, GracefulShutdown.Instance);
            }
            catch (Exception ex) when (ex is OperationCanceledException or AskTimeoutException)
            {
                // Past drain-timeout: the pool's abort in service-stop answers what is still running.
            }
            return Akka.Done.Instance;
        });
    }

    private static readonly TimeSpan HandOffMargin = TimeSpan.FromSeconds(5);

    /// <summary>Remoting address, roles and seeds: the per-node part of the cluster configuration.</summary>
    internal static Config MembershipHocon(ClusterSettings settings)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp {
              hostname = {{Quote(settings.Host)}}
              port = {{settings.Port}}
            }
            akka.cluster.roles = [{{string.Join(", ", settings.Roles.Select(Quote))}}]
            akka.cluster.seed-nodes = [{{string.Join(", ", settings.SeedNodes.Select(Quote))}}]
            # The replicas' hand-off runs in this phase (see HandOffBeforeThePoolStops): room for a full drain.
            akka.coordinated-shutdown.phases.service-requests-done.timeout = {{(long)(settings.DrainTimeout + HandOffMargin * 2).TotalMilliseconds}}ms
            """);
    }
}
