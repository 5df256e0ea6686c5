using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Nano.Actors.Cluster.Internal;

namespace Nano.Actors.Cluster;

/// <summary>
/// The shard coordinator's placement of model replicas (one shard per replica): only on npu boards that declared
/// the free memory and a handle slot the model needs, spread over boards, moved to a board that joins if that
/// evens the load. A replica that fits nowhere is refused with the reason (published for every node's status);
/// the coordinator retries it when asked again, which the routers do once a board reports room.
/// </summary>
public sealed class CapacityAllocationStrategy(ModelCatalog catalog, ClusterViewState view) : IActorSystemDependentAllocationStrategy
{
    private Address _self = Address.AllSystems;
    private IActorRef _mediator = ActorRefs.Nobody;
    private ILoggingAdapter _log = NoLogger.Instance;

    public void Start(ActorSystem system)
    {
        _self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        _mediator = DistributedPubSub.Get(system).Mediator;
        _log = Logging.GetLogger(system, typeof(CapacityAllocationStrategy));
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (!catalog.Knows(shardId))
            return Task.FromException<IActorRef>(new InvalidOperationException($"'{shardId}' is no replica of a configured model"));
        var (loads, regions) = Loads(currentShardAllocations);
        var choice = PlacementPlanner.Choose(shardId, catalog.NeedMb(shardId), loads);
        if (choice.Board is null)
        {
            _log.Warning("replica {0} cannot be placed: {1}", shardId, choice.Reason);
            Publish(new PlacementReport(shardId, null, choice.Reason, DateTimeOffset.UtcNow));
            return Task.FromException<IActorRef>(new InvalidOperationException($"replica {shardId} cannot be placed: {choice.Reason}"));
        }
        _log.Info("replica {0} placed on {1} ({2} MB free before it)", shardId, choice.Board.Node, choice.Board.FreeMb);
        Publish(new PlacementReport(shardId, choice.Board.Address, null, DateTimeOffset.UtcNow));
        return Task.FromResult(regions[choice.Board.Address]);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        RestatePlacements(currentShardAllocations, rebalanceInProgress);
        if (rebalanceInProgress.Count > 0) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var (loads, _) = Loads(currentShardAllocations);
        var move = PlacementPlanner.OneToMove(loads, catalog.NeedMb);
        if (move is null) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        _log.Info("rebalance: moving replica {0} to even out the boards", move);
        return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet.Create(move));
    }

    /// <summary>
    /// Placement reports are published once, when a replica is allocated; a node that joins later (or missed one)
    /// would never learn where the replicas already are. Every rebalance round restates the coordinator's settled
    /// allocations (replicas being handed off are left out: their entity reports its own stop, then the new home).
    /// </summary>
    private void RestatePlacements(IImmutableDictionary<IActorRef, IImmutableList<string>> current, IImmutableSet<string> rebalanceInProgress)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (region, shards) in current)
        {
            var address = AddressOf(region);
            foreach (var shard in shards.Where(s => !rebalanceInProgress.Contains(s) && catalog.Knows(s)))
                Publish(new PlacementReport(shard, address, null, now));
        }
    }

    private string AddressOf(IActorRef region) => (region.Path.Address.HasGlobalScope ? region.Path.Address : _self).ToString();

    /// <summary>Each region with a known capacity (reachable, Up, reported) as a board, with the coordinator's own allocations.</summary>
    private (IReadOnlyList<BoardLoad>, Dictionary<string, IActorRef>) Loads(IImmutableDictionary<IActorRef, IImmutableList<string>> current)
    {
        var snapshot = view.Current;
        var loads = new List<BoardLoad>();
        var regions = new Dictionary<string, IActorRef>(StringComparer.Ordinal);
        foreach (var (region, shards) in current)
        {
            var address = AddressOf(region);
            if (snapshot.UsableBoard(address) is not { } board) continue;
            regions[address] = region;
            loads.Add(new BoardLoad(address, board.Node, board.MemoryMb, board.MaxHandles, shards.Sum(catalog.NeedMb), shards.ToArray()));
        }
        return (loads, regions);
    }

    private void Publish(PlacementReport report) => _mediator.Tell(new Publish(ClusterTopics.Placements, report));
}
