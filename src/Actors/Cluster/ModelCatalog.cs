using Nano.Actors.Configuration;

namespace Nano.Actors.Cluster;

/// <summary>
/// The cluster's models at one moment: models.json (the same on every node) with the run-time additions and removals
/// that <see cref="ModelCatalogActor"/> replicates, and their replica entity ids. Immutable: a change makes a new
/// catalog that <see cref="ModelCatalogState"/> swaps in whole, so readers on any thread (the router, the view, the
/// allocation strategy inside the shard coordinator) never see half of an update.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelDefinition> _models;
    private readonly HashSet<string> _removed;

    public ModelCatalog(IEnumerable<ModelDefinition> models) : this(models.ToArray(), []) { }

    private ModelCatalog(IReadOnlyList<ModelDefinition> models, IEnumerable<string> removed)
    {
        Models = models;
        _models = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        _removed = new HashSet<string>(removed, StringComparer.Ordinal);
        EntityIds = models.SelectMany(m => Enumerable.Range(0, m.Replicas).Select(k => ReplicaIds.Of(m.Name, k))).ToArray();
    }

    /// <summary>Every replica of every model: models.json order, then models added at run time by name.</summary>
    public IReadOnlyList<string> EntityIds { get; }

    public IReadOnlyList<ModelDefinition> Models { get; }

    public ModelDefinition? Find(string modelId) => _models.GetValueOrDefault(modelId);

    /// <summary>NPU memory one replica reserves on its board (one handle of the model).</summary>
    public long NeedMb(string entityId) => Find(ReplicaIds.ModelOf(entityId))?.MemoryLimitMb ?? 0;

    public bool Knows(string entityId) =>
        ReplicaIds.TryParse(entityId, out var model, out var k) && Find(model) is { } m && k < m.Replicas;

    /// <summary>
    /// Removed at run time (and not added again), as opposed to merely unknown here: a node that has not heard of a
    /// model added elsewhere yet must not treat its replicas as garbage.
    /// </summary>
    public bool IsRemoved(string modelId) => _removed.Contains(modelId);

    /// <summary>The model whose name equals <paramref name="name"/> ignoring case (models.json refuses such pairs), if any.</summary>
    public string? Taken(string name) => _models.Keys.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>"unknown model 'x'; known models: a, b", as the pool says it.</summary>
    public string UnknownModel(string modelId)
    {
        var known = string.Join(", ", _models.Keys.Order(StringComparer.Ordinal));
        return $"unknown model '{modelId}'; known models: {(known.Length == 0 ? "(none)" : known)}";
    }

    /// <summary>
    /// <paramref name="baseline"/> (models.json) with the run-time changes applied: a definition adds or replaces the
    /// model of its name, null removes it.
    /// </summary>
    public static ModelCatalog Apply(IReadOnlyList<ModelDefinition> baseline, IReadOnlyDictionary<string, ModelDefinition?> changes)
    {
        var kept = baseline.Select(m => changes.TryGetValue(m.Name, out var changed) ? changed : m).OfType<ModelDefinition>();
        var baseNames = baseline.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var added = changes.Where(c => c.Value is not null && !baseNames.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value!);
        return new ModelCatalog(kept.Concat(added).ToArray(), changes.Where(c => c.Value is null).Select(c => c.Key));
    }
}

/// <summary>
/// This node's current <see cref="ModelCatalog"/>: written by <see cref="ModelCatalogActor"/>, read by the router, the
/// view and the allocation strategy. A volatile reference to an immutable catalog rather than an actor to ask: the
/// allocation strategy answers the shard coordinator synchronously and the router decides per request, so both
/// need the catalog without a round trip; they learn about changes from <see cref="ModelCatalogChanged"/>.
/// </summary>
public sealed class ModelCatalogState(ModelCatalog initial)
{
    private volatile ModelCatalog _current = initial;
    private volatile bool _caughtUp;

    public ModelCatalog Current => _current;

    /// <summary>
    /// This node has read the replicated changes since it joined (or tried to): until then its catalog is only its own
    /// models.json, which may still list a model removed at run time, so the router does not place replicas yet.
    /// </summary>
    public bool CaughtUp => _caughtUp;

    internal void Set(ModelCatalog catalog) => _current = catalog;

    internal void MarkCaughtUp() => _caughtUp = true;
}

/// <summary>Published on this node's event stream whenever its catalog changed (local only, never sent to other nodes).</summary>
public sealed record ModelCatalogChanged(ModelCatalog Catalog);
