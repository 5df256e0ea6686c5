using System.Collections.Immutable;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Nano.Actors.Cluster.Internal;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// Keeps this node's <see cref="ModelCatalog"/>: models.json plus the run-time changes, held in a replicated
/// last-writer-wins map (model id → the validated definition as JSON, or a tombstone). Distributed data rather than
/// pub-sub because a node that joins later gets the whole map by gossip, not only what is said after it joined.
/// Takes <see cref="AddModel"/> and <see cref="RemoveModel"/> (from the router), checks them against the replica it
/// writes, writes with WriteMajority and answers as the pool does standalone once this node's catalog shows the
/// change. Every new catalog goes out as <see cref="ModelCatalogChanged"/> on the event stream. Runs on every node.
/// </summary>
public sealed class ModelCatalogActor : ReceiveActor
{
    internal static readonly LWWDictionaryKey<string, string> Key = new("nano-models");

    /// <summary>A write in progress: who asked, and what to tell them once the change shows here.</summary>
    private sealed record Pending(IActorRef ReplyTo, string ModelId, string Done, bool Confirmed = true);

    private sealed record CatchUp
    {
        public static readonly CatchUp Instance = new();
    }

    /// <summary>Thrown in the modify function: the change is refused against the replica's own value.</summary>
    private sealed class Refusal(CommandResult result) : Exception(result.Message)
    {
        public CommandResult Result { get; } = result;
    }

    private readonly IReadOnlyList<ModelDefinition> _baseline;
    private readonly ModelCatalogState _state;
    private readonly TimeSpan _writeTimeout;
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IImmutableDictionary<string, string> _entries = ImmutableDictionary<string, string>.Empty;

    public static Props Props(IReadOnlyList<ModelDefinition> baseline, ModelCatalogState state, TimeSpan writeTimeout) =>
        Akka.Actor.Props.Create(() => new ModelCatalogActor(baseline, state, writeTimeout));

    public ModelCatalogActor(IReadOnlyList<ModelDefinition> baseline, ModelCatalogState state, TimeSpan writeTimeout)
    {
        _baseline = baseline;
        _state = state;
        _writeTimeout = writeTimeout;

        Receive<Changed>(c => Apply(c.Get(Key)));
        Receive<AddModel>(Add);
        Receive<RemoveModel>(Remove);
        Receive<UpdateSuccess>(u => ReadBack((Pending)u.Request));
        // The write is done here and spreads by gossip; only the majority's confirmation is missing.
        Receive<UpdateTimeout>(u => ReadBack((Pending)u.Request with { Confirmed = false }));
        Receive<ModifyFailure>(f => ((Pending)f.Request).ReplyTo.Tell(f.Cause is Refusal r ? r.Result
            : new CommandResult(((Pending)f.Request).ModelId, false, f.ErrorMessage, NanoErrorCode.Internal)));
        Receive<GetSuccess>(g =>
        {
            Apply(g.Get(Key));
            AfterRead(g.Request);
        });
        // Nothing replicated yet, or no majority answered the catch-up read: what gossip brings is applied as it comes.
        Receive<NotFound>(n => AfterRead(n.Request));
        Receive<GetFailure>(f => AfterRead(f.Request));
        Receive<CatchUp>(_ => _replicator.Tell(Dsl.Get(Key, new ReadMajority(_writeTimeout))));
        // Only durable storage fails to store; the catalog is not durable, but the asker must hear either way.
        Receive<StoreFailure>(f => ((Pending)f.Request).ReplyTo.Tell(
            new CommandResult(((Pending)f.Request).ModelId, false, $"the model catalog could not store the change: {f}", NanoErrorCode.Internal)));
    }

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Subscribe(Key, Self));
        // A node that joins a running cluster reads the map from a majority as soon as it is Up, rather than wait for
        // gossip: until then it serves its own models.json, which may list a model removed at run time.
        var self = Self;
        _cluster.RegisterOnMemberUp(() => self.Tell(CatchUp.Instance));
    }

    private void Add(AddModel add)
    {
        var model = add.Model;
        if (ModelsConfigValidator.Check(model) is { Count: > 0 } errors)
        {
            Sender.Tell(new CommandResult(model.Name, false, $"the model is invalid: {string.Join("; ", errors)}", NanoErrorCode.BadRequest));
            return;
        }
        var json = CatalogEntryJson.Write(model);
        var done = $"model '{model.Name}' added; its {model.Replicas} replica(s) are being placed";
        Write(model.Name, done, map =>
        {
            if (Catalog(map.Entries).Taken(model.Name) is { } taken)
                throw new Refusal(new CommandResult(model.Name, false, $"model '{taken}' already exists", NanoErrorCode.ModelExists));
            return map.SetItem(_cluster, model.Name, json);
        });
    }

    private void Remove(RemoveModel remove)
    {
        var done = $"model '{remove.ModelId}' removed; its replicas drain and stop";
        Write(remove.ModelId, done, map =>
        {
            var catalog = Catalog(map.Entries);
            if (catalog.Find(remove.ModelId) is null)
                throw new Refusal(new CommandResult(remove.ModelId, false, catalog.UnknownModel(remove.ModelId), NanoErrorCode.ModelNotFound));
            return map.SetItem(_cluster, remove.ModelId, CatalogEntryJson.Tombstone);
        });
    }

    /// <summary>The modify function runs in the replicator against its current value, so concurrent writes here see each other.</summary>
    private void Write(string modelId, string done, Func<LWWDictionary<string, string>, LWWDictionary<string, string>> modify) =>
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, string>.Empty, new WriteMajority(_writeTimeout),
            new Pending(Sender, modelId, done), modify));

    /// <summary>Answers only once this node's catalog shows the change, so the asker's next request here sees it.</summary>
    private void ReadBack(Pending pending) => _replicator.Tell(Dsl.Get(Key, ReadLocal.Instance, pending));

    private void Reply(Pending pending)
    {
        var message = pending.Confirmed ? pending.Done
            : $"{pending.Done} (written on this node; a majority did not confirm within {_writeTimeout.TotalSeconds:0.#} s, other nodes learn it by gossip)";
        _log.Info("model catalog: {0}", message);
        pending.ReplyTo.Tell(new CommandResult(pending.ModelId, true, message));
    }

    private void Apply(LWWDictionary<string, string> map)
    {
        var entries = map.Entries;
        if (entries.Count == _entries.Count && entries.All(e => _entries.TryGetValue(e.Key, out var old) && old == e.Value)) return;
        _entries = entries;
        var catalog = Catalog(entries);
        var before = _state.Current;
        _state.Set(catalog);
        var names = catalog.Models.Select(m => m.Name).ToArray();
        _log.Info("model catalog changed: {0} model(s): {1} (added {2}; removed {3})", names.Length, string.Join(", ", names),
            List(names.Except(before.Models.Select(m => m.Name))), List(before.Models.Select(m => m.Name).Except(names)));
        Context.System.EventStream.Publish(new ModelCatalogChanged(catalog));
    }

    /// <summary>A read-back answers its write's asker; the catch-up read (no request) ends the catching up.</summary>
    private void AfterRead(object? request)
    {
        if (request is Pending pending) Reply(pending);
        else CaughtUp();
    }

    private void CaughtUp()
    {
        if (_state.CaughtUp) return;
        _state.MarkCaughtUp();
        // Subscribers act on the catalog from now on (the router starts placing replicas).
        Context.System.EventStream.Publish(new ModelCatalogChanged(_state.Current));
    }

    private static string List(IEnumerable<string> names) => string.Join(", ", names.DefaultIfEmpty("none"));

    private ModelCatalog Catalog(IImmutableDictionary<string, string> entries)
    {
        var changes = new Dictionary<string, ModelDefinition?>(StringComparer.Ordinal);
        foreach (var (name, json) in entries)
        {
            if (CatalogEntryJson.TryRead(json, out var model)) changes[name] = model;
            else _log.Warning("model catalog: ignoring the unreadable entry of model {0}", name);
        }
        return ModelCatalog.Apply(_baseline, changes);
    }
}
