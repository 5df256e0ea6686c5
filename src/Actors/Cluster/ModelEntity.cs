using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Nano.Actors.Cluster.Internal;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// One replica of a model, placed on an npu node by the shard coordinator. It owns no handle itself: it loads the
/// model into its node's pool, hands each request to that pool (replies go straight back to the request's
/// tracker) and acknowledges it, so the tracker can watch this entity and fail over if its board dies.
/// On hand-off (graceful leave, rebalance) it stops only once the model's in-flight work drained, or after
/// drain-timeout.
/// </summary>
public sealed class ModelEntity : ReceiveActor, IWithTimers
{
    private sealed record DrainCheck
    {
        public static readonly DrainCheck Instance = new();
    }

    private sealed record DrainDeadline
    {
        public static readonly DrainDeadline Instance = new();
    }

    private readonly string _entityId;
    private readonly string _modelId;
    private readonly IActorRef _pool;
    private readonly string _node;
    private readonly ClusterSettings _settings;
    private readonly ModelCatalogState _catalogs;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

    private bool _released;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string entityId, IActorRef pool, string node, ClusterSettings settings, ModelCatalogState catalogs) =>
        Akka.Actor.Props.Create(() => new ModelEntity(entityId, pool, node, settings, catalogs));

    public ModelEntity(string entityId, IActorRef pool, string node, ClusterSettings settings, ModelCatalogState catalogs)
    {
        _entityId = entityId;
        _modelId = ReplicaIds.ModelOf(entityId);
        _pool = pool;
        _node = node;
        _settings = settings;
        _catalogs = catalogs;
        Serving();
    }

    protected override void PreStart()
    {
        if (_catalogs.Current.IsRemoved(_modelId))
        {
            // Started only to take messages sent before their senders heard of the removal; they go unanswered.
            _log.Info("replica {0} of removed model {1} stops without loading it", _entityId, _modelId);
            _released = true;
            Context.Stop(Self);
            return;
        }
        _log.Info("replica {0} placed on {1}; loading {2}", _entityId, _node, _modelId);
        LocalReplicas.Started(Context.System, _modelId);
        // Placed means loaded: the first request should not pay for the load.
        _pool.Tell(new LoadModel { ModelId = _modelId }, Self);
    }

    private void Serving()
    {
        Common();
        Receive<DrainAndStop>(_ =>
        {
            _log.Info("replica {0} hands off from {1}: draining in-flight work (at most {2})", _entityId, _node, _settings.DrainTimeout);
            Timers.StartPeriodicTimer(DrainCheck.Instance, DrainCheck.Instance, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            Timers.StartSingleTimer(DrainDeadline.Instance, DrainDeadline.Instance, _settings.DrainTimeout);
            Become(Draining);
        });
    }

    private void Draining()
    {
        // Leaving: not a home to confirm; the router asks again once the replica is placed elsewhere.
        Receive<EnsurePlaced>(_ => { });
        // Requests already in the mailbox still run: they were accepted before the hand-off began.
        Common();
        Receive<DrainAndStop>(_ => { });
        Receive<DrainCheck>(_ => _pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, TimeSpan.FromSeconds(1)).PipeTo(Self,
            failure: e => new Status.Failure(e)));
        Receive<PoolSnapshot>(s =>
        {
            var model = s.Models.FirstOrDefault(m => m.ModelId == _modelId);
            if (model is null || (model.QueueDepth == 0 && model.Handles.All(h => h.ActiveRuns == 0))) Stop("drained");
        });
        Receive<DrainDeadline>(_ => Stop($"drain timeout of {_settings.DrainTimeout} reached"));
        Receive<Status.Failure>(_ => { });
    }

    private void Common()
    {
        Receive<GenerateRequest>(r =>
        {
            _pool.Tell(r, Self);
            Sender.Tell(new RequestAccepted(r.RequestId, _node), Self);
        });
        Receive<CancelRequest>(c => _pool.Forward(c));
        Receive<ModelCommand>(c => _pool.Forward(c));
        Receive<EnsurePlaced>(e => Sender.Tell(new ReplicaPlaced(e.EntityId, _node, _address), Self));
        Receive<CommandResult>(r =>
        {
            if (!r.Ok) _log.Warning("replica {0}: loading {1} on {2} failed: {3}", _entityId, _modelId, _node, r.Message);
        });
    }

    protected override void PostStop()
    {
        // Stopped without a hand-off (the node shuts down): no longer counted, nothing to unload.
        if (!_released) LocalReplicas.Stopped(Context.System, _modelId);
    }

    private void Stop(string why)
    {
        _released = true;
        var last = LocalReplicas.Stopped(Context.System, _modelId);
        if (_catalogs.Current.IsRemoved(_modelId))
        {
            // The pool removes the model itself (PoolCatalogSync); nothing is placed again.
            _log.Info("replica {0} of removed model {1} leaves {2} ({3})", _entityId, _modelId, _node, why);
            Context.Stop(Self);
            return;
        }
        if (last)
        {
            _log.Info("replica {0} leaves {1} ({2}); unloading {3}", _entityId, _node, why, _modelId);
            _pool.Tell(new UnloadModel { ModelId = _modelId }, ActorRefs.NoSender);
        }
        else _log.Info("replica {0} leaves {1} ({2}); {3} stays loaded for another replica here", _entityId, _node, why, _modelId);
        // Until the coordinator places it again, the routers must see it unplaced (and ask for it).
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(ClusterTopics.Placements,
            new PlacementReport(_entityId, null, $"handed off from {_node}; being placed again", DateTimeOffset.UtcNow)));
        Context.Stop(Self);
    }
}
