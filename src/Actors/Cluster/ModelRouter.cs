using Akka.Actor;
using Akka.Event;
using Nano.Actors.Cluster.Internal;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// A node's way into the cluster's models (what the gateway talks to in cluster mode): takes the same messages
/// as a pool (GenerateRequest, CancelRequest, ModelCommand, GetPoolStatus) plus GetClusterStatus. It picks a
/// replica (by session for KV-cache affinity, else the placed one with the fewest of this router's requests in
/// flight, round-robin among equals), refuses at once what
/// cannot be placed anywhere, and gives every request a <see cref="RequestTracker"/> for failover. It also keeps
/// every replica placed: unplaced replicas that now fit are started, so placement recovers when room appears.
/// AddModel and RemoveModel go to the node's <see cref="ModelCatalogActor"/>; the router follows the catalog it
/// keeps (<see cref="ModelCatalogState"/>), placing the replicas of models added anywhere at once.
/// </summary>
public sealed class ModelRouter : ReceiveActor, IWithTimers
{
    private sealed record EnsureTick
    {
        public static readonly EnsureTick Instance = new();
    }

    private readonly ModelCatalogState _catalogs;
    private readonly IActorRef _catalogActor;
    private readonly IActorRef _region;
    private readonly IActorRef _view;
    private readonly ClusterViewState _state;
    private readonly ClusterSettings _settings;
    private readonly TimeSpan _requestTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _trackers = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _trackerIds = new();
    private readonly Dictionary<IActorRef, string> _trackerEntities = new();
    /// <summary>This router's requests in flight per replica (its live trackers).</summary>
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _roundRobin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _ensuring = new(StringComparer.Ordinal);
    /// <summary>Where each replica's entity confirmed it runs (allocated is not started: an entity starts on its first message).</summary>
    private readonly Dictionary<string, string> _running = new(StringComparer.Ordinal);

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="catalogActor">The node's <see cref="ModelCatalogActor"/>, which writes model administration.</param>
    public static Props Props(ModelCatalogState catalogs, IActorRef catalogActor, IActorRef region, IActorRef view, ClusterViewState state,
        ClusterSettings settings, TimeSpan requestTimeout) =>
        Akka.Actor.Props.Create(() => new ModelRouter(catalogs, catalogActor, region, view, state, settings, requestTimeout));

    public ModelRouter(ModelCatalogState catalogs, IActorRef catalogActor, IActorRef region, IActorRef view, ClusterViewState state,
        ClusterSettings settings, TimeSpan requestTimeout)
    {
        _catalogs = catalogs;
        _catalogActor = catalogActor;
        _region = region;
        _view = view;
        _state = state;
        _settings = settings;
        _requestTimeout = requestTimeout;

        Receive<GenerateRequest>(Route);
        Receive<CancelRequest>(c =>
        {
            if (_trackers.TryGetValue(c.RequestId, out var tracker)) tracker.Forward(c);
        });
        Receive<ModelCommand>(Command);
        Receive<AddModel>(a => _catalogActor.Forward(a));
        Receive<RemoveModel>(r => _catalogActor.Forward(r));
        Receive<ModelCatalogChanged>(c =>
        {
            Forget(c.Catalog);
            EnsurePlacement();
        });
        Receive<GetPoolStatus>(_ => Sender.Tell(ClusterPoolSnapshot.Merge(_state.Current)));
        Receive<GetClusterStatus>(g => _view.Forward(g));
        Receive<EnsureTick>(_ => EnsurePlacement());
        Receive<ReplicaPlaced>(p =>
        {
            // The entity's answer also tells the view, which may lack it: pub-sub drops a coordinator's placement report
            // published before this node's subscription reached it. Stamped with the ask's time, so a later move wins.
            if (_ensuring.Remove(p.EntityId, out var asked)) _view.Tell(new PlacementReport(p.EntityId, p.Address, null, asked));
            _running[p.EntityId] = p.Address;
            // Placement reports are published once: a node whose pub-sub subscription had not reached the
            // coordinator's node yet (it joined while replicas were being placed) never gets them, and would route
            // around replicas it believes unplaced. The entity's own answer puts them in this node's view.
            _view.Tell(new PlacementReport(p.EntityId, p.Address, null, DateTimeOffset.UtcNow));
        });
        Receive<Terminated>(t =>
        {
            if (_trackerIds.Remove(t.ActorRef, out var id)) _trackers.Remove(id);
            Release(t.ActorRef);
        });
        Receive<RequestTracker.Finished>(_ => Release(Sender));
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("ensure", EnsureTick.Instance, _settings.EnsureInterval, _settings.EnsureInterval);
        Context.System.EventStream.Subscribe(Self, typeof(ModelCatalogChanged));
    }

    private void Route(GenerateRequest request)
    {
        var catalog = _catalogs.Current;
        if (catalog.Find(request.ModelId) is not { } model)
        {
            request.ReplyTo.Tell(new Rejected(request.RequestId, NanoErrorCode.ModelNotFound, $"unknown model '{request.ModelId}'"));
            return;
        }
        if (_trackers.ContainsKey(request.RequestId))
        {
            request.ReplyTo.Tell(new Rejected(request.RequestId, NanoErrorCode.BadRequest, $"request id '{request.RequestId}' is already in flight"));
            return;
        }
        var snapshot = _state.Current;
        var entity = PickReplica(model.Name, model.Replicas, request.SessionId, snapshot);
        if (entity is null)
        {
            // Nothing placed: refuse now if placement says it cannot fit anywhere, rather than waiting.
            var first = ReplicaIds.Of(model.Name, 0);
            var loads = snapshot.Loads(catalog);
            var choice = PlacementPlanner.Choose(first, model.MemoryLimitMb, loads);
            if (choice.Board is null)
            {
                // A node still joining, or cut off and being downed, sees no boards: say that, not "no board is up".
                var why = snapshot.Members.TryGetValue(snapshot.SelfAddress, out var self) && self.Status == "Up"
                    ? ClusterStatusBuilder.UnplacedReason(snapshot, catalog, first, loads)
                    : $"this node is not an Up member of the cluster ({self?.Status ?? "not a member: joining, or removed"}); retry, or use another node";
                request.ReplyTo.Tell(new Rejected(request.RequestId, NanoErrorCode.ResourceExhausted,
                    $"model {model.Name} is not placed: {why}", _settings.EnsureInterval));
                return;
            }
            entity = ReplicaFor(model.Name, model.Replicas, request.SessionId);
        }
        var tracker = Context.ActorOf(RequestTracker.Props(request, entity, _region, _settings, _requestTimeout, Reason,
            e => _state.Current.PlacedAt(e) is not null, from => PlacedReplica(model.Name, model.Replicas, request.SessionId, from)));
        Context.Watch(tracker);
        _trackers[request.RequestId] = tracker;
        _trackerIds[tracker] = request.RequestId;
        _trackerEntities[tracker] = entity;
        _inFlight[entity] = _inFlight.GetValueOrDefault(entity) + 1;
    }

    /// <summary>
    /// A session keeps its replica while that replica is placed (same board, same handle: its KV cache);
    /// otherwise the next placed one. Requests without a session go to the placed replica with the fewest of this
    /// router's requests in flight, round-robin among equals. Blind round-robin lets queues grow unevenly under
    /// load: in simulated 8-board runs some boards' queues passed the request timeout while others ran dry
    /// (docs/BENCHMARKS.md, cluster scaling).
    /// </summary>
    private string? PickReplica(string model, int replicas, string? session, ClusterSnapshot snapshot)
    {
        var start = session is null ? NextRoundRobin(model, replicas) : StableIndex(session, replicas);
        string? best = null;
        for (var i = 0; i < replicas; i++)
        {
            var entity = ReplicaIds.Of(model, (start + i) % replicas);
            if (snapshot.PlacedAt(entity) is null) continue;
            if (session is not null) return entity;
            if (best is null || _inFlight.GetValueOrDefault(entity) < _inFlight.GetValueOrDefault(best)) best = entity;
        }
        return best;
    }

    /// <summary>The tracker's request is no longer in flight (it said so, or it stopped).</summary>
    private void Release(IActorRef tracker)
    {
        if (_trackerEntities.Remove(tracker, out var entity)) _inFlight[entity]--;
    }

    /// <summary>
    /// Where a tracker sends its request again: a placed replica, the session's own first, else the one after
    /// <paramref name="from"/>. Called on tracker threads: it reads only the shared snapshot.
    /// </summary>
    private string? PlacedReplica(string model, int replicas, string? session, string from)
    {
        var snapshot = _state.Current;
        var start = session is not null ? StableIndex(session, replicas) : ReplicaIds.TryParse(from, out _, out var k) ? k + 1 : 0;
        for (var i = 0; i < replicas; i++)
        {
            var entity = ReplicaIds.Of(model, (start + i) % replicas);
            if (snapshot.PlacedAt(entity) is not null) return entity;
        }
        return null;
    }

    private string ReplicaFor(string model, int replicas, string? session) =>
        ReplicaIds.Of(model, session is null ? NextRoundRobin(model, replicas) : StableIndex(session, replicas));

    private int NextRoundRobin(string model, int replicas)
    {
        // Modulo again: a model removed and added back with fewer replicas keeps its name here.
        var next = _roundRobin.GetValueOrDefault(model) % replicas;
        _roundRobin[model] = (next + 1) % replicas;
        return next;
    }

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and every gateway must agree.</summary>
    private static int StableIndex(string session, int replicas)
    {
        var hash = 2166136261u;
        foreach (var c in session) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)replicas);
    }

    private string Reason(string entity)
    {
        var snapshot = _state.Current;
        var catalog = _catalogs.Current;
        return ClusterStatusBuilder.UnplacedReason(snapshot, catalog, entity, snapshot.Loads(catalog));
    }

    private void Command(ModelCommand command)
    {
        if (_catalogs.Current.Find(command.ModelId) is not { } model)
        {
            Sender.Tell(new CommandResult(command.ModelId, false, $"unknown model '{command.ModelId}'", NanoErrorCode.ModelNotFound));
            return;
        }
        var targets = command.SessionId is { } session
            ? [PickReplica(model.Name, model.Replicas, session, _state.Current) ?? ReplicaFor(model.Name, model.Replicas, session)]
            : Enumerable.Range(0, model.Replicas).Select(k => ReplicaIds.Of(model.Name, k)).ToArray();
        Context.ActorOf(CommandFanout.Props(command, targets, _region, Sender, _settings.PlacementTimeout * 2));
    }

    private void EnsurePlacement()
    {
        if (!_catalogs.CaughtUp) return;
        var snapshot = _state.Current;
        var catalog = _catalogs.Current;
        var loads = snapshot.Loads(catalog);
        var now = DateTime.UtcNow;
        foreach (var entity in catalog.EntityIds)
        {
            var placed = snapshot.PlacedAt(entity);
            if (placed is not null && _running.GetValueOrDefault(entity) == placed) continue;
            if (_ensuring.TryGetValue(entity, out var since) && now - since < _settings.EnsureInterval * 2) continue;
            // Only ask for what fits: a refused allocation is retried by the region every second, forever.
            if (placed is null && PlacementPlanner.Choose(entity, catalog.NeedMb(entity), loads).Board is null) continue;
            _ensuring[entity] = now;
            _region.Tell(new ModelEnvelope(entity, new EnsurePlaced(entity)), Self);
        }
    }

    /// <summary>Drops what this router kept about replicas of models no longer in the catalog (their trackers finish on their own).</summary>
    private void Forget(ModelCatalog catalog)
    {
        foreach (var entity in _running.Keys.Concat(_ensuring.Keys).Where(e => !catalog.Knows(e)).ToArray())
        {
            _running.Remove(entity);
            _ensuring.Remove(entity);
        }
        foreach (var model in _roundRobin.Keys.Where(m => catalog.Find(m) is null).ToArray())
            _roundRobin.Remove(model);
    }
}
