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
/// the coordinator retries it when asked again, which the routers do once a board reports room. Models come from the
/// node's current catalog: a replica goes only to a board whose pool already has the model's definition (a model
/// added at run time reaches the boards by gossip), and replicas of removed models are handed off (drained, stopped).
/// </summary>
public sealed class CapacityAllocationStrategy(ModelCatalogState catalogs, ClusterViewState view) : IActorSystemDependentAllocationStrategy
{
    private Address _self = Address.AllSystems;
    private IActorRef _mediator = ActorRefs.Nobody;
    private IActorRef _ignore = ActorRefs.Nobody;
    private ILoggingAdapter _log = NoLogger.Instance;
    /// <summary>Replicas whose best board has not reported their model's definition yet, since when (coordinator thread only).</summary>
    private readonly Dictionary<string, DateTime> _waitingForDefinition = new(StringComparer.Ordinal);
    private static readonly TimeSpan DefinitionGrace = TimeSpan.FromSeconds(5);

    public void Start(ActorSystem system)
    {
        _self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        _mediator = DistributedPubSub.Get(system).Mediator;
        _ignore = system.IgnoreRef;
        _log = Logging.GetLogger(system, typeof(CapacityAllocationStrategy));
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var catalog = catalogs.Current;
        var model = ReplicaIds.ModelOf(shardId);
        if (catalog.IsRemoved(model)) return AllocateRemoved(requester, shardId, model, currentShardAllocations);
        if (!catalog.Knows(shardId))
            return Task.FromException<IActorRef>(new InvalidOperationException($"'{shardId}' is no replica of a model known here (yet)"));
        var (loads, regions) = Loads(currentShardAllocations, catalog);
        var choice = Choose(shardId, model, catalog.NeedMb(shardId), loads);
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

    /// <summary>
    /// A replica of a removed model. A region (or proxy) asks because it buffered a message sent before its sender heard
    /// of the removal (an ensure round, a hand-off's buffer); refused, it would ask again every retry-interval, forever.
    /// Homed anywhere, the entity stops at once without loading, its messages go unanswered, and the next rebalance
    /// round frees the shard. The coordinator's own re-allocation right after that hand-off (asked for by the ignore
    /// ref, with nothing buffered) is refused, or the shard would be placed and handed off again every round.
    /// </summary>
    private Task<IActorRef> AllocateRemoved(IActorRef requester, string shardId, string model,
        IImmutableDictionary<IActorRef, IImmutableList<string>> current)
    {
        if (requester.Equals(_ignore))
            return Task.FromException<IActorRef>(new InvalidOperationException($"'{shardId}' is a replica of the removed model '{model}'"));
        return Task.FromResult(current.ContainsKey(requester) ? requester : current.Keys.First());
    }

    /// <summary>
    /// A replica goes only to a board whose pool has its model's definition, or its entity could not load it. The
    /// best board may not have it yet (a model just added reaches the boards by gossip, then their next report): the
    /// replica waits for it up to <see cref="DefinitionGrace"/> rather than crowd the boards that heard first and be
    /// moved by a later rebalance (a move unloads and loads the model again).
    /// </summary>
    private PlacementChoice Choose(string shardId, string model, long needMb, IReadOnlyList<BoardLoad> loads)
    {
        var reports = view.Current.Reports;
        bool Has(BoardLoad board) => reports.TryGetValue(board.Address, out var r) && r.Pool.Models.Any(m => m.ModelId == model);
        var best = PlacementPlanner.Choose(shardId, needMb, loads);
        if (best.Board is null || Has(best.Board))
        {
            _waitingForDefinition.Remove(shardId);
            return best;
        }
        if (!_waitingForDefinition.TryGetValue(shardId, out var since)) _waitingForDefinition[shardId] = since = DateTime.UtcNow;
        var withModel = loads.Where(Has).ToArray();
        if (withModel.Length == 0 || DateTime.UtcNow - since < DefinitionGrace)
            return new PlacementChoice(null, $"waiting for {best.Board.Node} to receive the definition of model '{model}'");
        _waitingForDefinition.Remove(shardId);
        return PlacementPlanner.Choose(shardId, needMb, withModel);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var catalog = catalogs.Current;
        RestatePlacements(currentShardAllocations, rebalanceInProgress, catalog);
        // Hand-off stops the entity with DrainAndStop and frees the shard: the clean end of a removed model's replicas.
        var removed = currentShardAllocations.Values.SelectMany(s => s)
            .Where(s => catalog.IsRemoved(ReplicaIds.ModelOf(s)) && !rebalanceInProgress.Contains(s)).ToImmutableHashSet();
        if (removed.Count > 0)
        {
            _log.Info("model removed: stopping its replicas {0}", string.Join(", ", removed));
            return Task.FromResult<IImmutableSet<string>>(removed);
        }
        if (rebalanceInProgress.Count > 0) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var (loads, _) = Loads(currentShardAllocations, catalog);
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
    private void RestatePlacements(IImmutableDictionary<IActorRef, IImmutableList<string>> current, IImmutableSet<string> rebalanceInProgress,
        ModelCatalog catalog)
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

    /// <summary>
    /// Each region with a known capacity (reachable, Up, reported) as a board, with the coordinator's own allocations
    /// of models in the catalog (a removed model's replicas, still draining, no longer count).
    /// </summary>
    private (IReadOnlyList<BoardLoad>, Dictionary<string, IActorRef>) Loads(IImmutableDictionary<IActorRef, IImmutableList<string>> current,
        ModelCatalog catalog)
    {
        var snapshot = view.Current;
        var loads = new List<BoardLoad>();
        var regions = new Dictionary<string, IActorRef>(StringComparer.Ordinal);
        foreach (var (region, shards) in current)
        {
            var address = AddressOf(region);
            if (snapshot.UsableBoard(address) is not { } board) continue;
            regions[address] = region;
            var known = shards.Where(catalog.Knows).ToArray();
            loads.Add(new BoardLoad(address, board.Node, board.MemoryMb, board.MaxHandles, known.Sum(catalog.NeedMb), known));
        }
        return (loads, regions);
    }

    private void Publish(PlacementReport report) => _mediator.Tell(new Publish(ClusterTopics.Placements, report));
}
