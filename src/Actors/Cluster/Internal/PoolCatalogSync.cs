using Akka.Actor;
using Akka.Event;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster.Internal;

/// <summary>
/// Keeps an npu node's pool in step with the cluster's catalog, through the pool's own AddModel and RemoveModel (as
/// model administration does standalone): a model added anywhere becomes known to this pool, so a replica placed
/// here can load it; a removed one is removed (its runs cancelled, its handles unloaded). Added models are never
/// preloaded here: replicas load where the coordinator places them. One change per model at a time; a change the
/// pool refuses for now (the model is still being removed) is tried again.
/// </summary>
internal sealed class PoolCatalogSync : ReceiveActor, IWithTimers
{
    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed record Done(string ModelId, string? Json, CommandResult Result);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly IActorRef _pool;
    private readonly TimeSpan _timeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>What the pool knows: model id → its definition as catalog JSON.</summary>
    private readonly Dictionary<string, string> _pooled;
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private ModelCatalog _wanted;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef pool, ModelCatalog baseline, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new PoolCatalogSync(pool, baseline, timeout));

    public PoolCatalogSync(IActorRef pool, ModelCatalog baseline, TimeSpan timeout)
    {
        _pool = pool;
        _timeout = timeout;
        _wanted = baseline;
        _pooled = baseline.Models.ToDictionary(m => m.Name, CatalogEntryJson.Write, StringComparer.Ordinal);

        Receive<ModelCatalogChanged>(c =>
        {
            _wanted = c.Catalog;
            Reconcile();
        });
        Receive<Done>(OnDone);
        Receive<Retry>(_ => Reconcile());
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ModelCatalogChanged));

    private void Reconcile()
    {
        // Removals (and replaced definitions) first: a name must be free in the pool before it is added again.
        foreach (var (name, json) in _pooled.Where(p => !_busy.Contains(p.Key)).ToArray())
        {
            if (_wanted.Find(name) is { } model && CatalogEntryJson.Write(model) == json) continue;
            Send(name, null, new RemoveModel(name));
        }
        foreach (var model in _wanted.Models.Where(m => !_pooled.ContainsKey(m.Name) && !_busy.Contains(m.Name)))
            Send(model.Name, CatalogEntryJson.Write(model), new AddModel(model with { Preload = false }));
    }

    private void Send(string modelId, string? json, object command)
    {
        _busy.Add(modelId);
        _pool.Ask<CommandResult>(command, _timeout).PipeTo(Self,
            success: r => new Done(modelId, json, r),
            failure: e => new Done(modelId, json, new CommandResult(modelId, false, e.GetBaseException().Message, NanoErrorCode.Timeout)));
    }

    private void OnDone(Done done)
    {
        _busy.Remove(done.ModelId);
        var (ok, code) = (done.Result.Ok, done.Result.Code);
        if (done.Json is null && (ok || code == NanoErrorCode.ModelNotFound)) _pooled.Remove(done.ModelId);
        else if (done.Json is not null && ok) _pooled[done.ModelId] = done.Json;
        else
        {
            // ModelExists: the pool still removes an earlier definition of the name. Timeouts: the pool was busy.
            _log.Info("pool: {0} model {1} not done yet ({2}); trying again", done.Json is null ? "removing" : "adding", done.ModelId, done.Result.Message);
            Timers.StartSingleTimer(Retry.Instance, Retry.Instance, RetryAfter);
            return;
        }
        _log.Info("pool: {0}", done.Result.Message);
        Reconcile();
    }
}
