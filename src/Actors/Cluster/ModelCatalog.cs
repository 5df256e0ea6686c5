using Nano.Actors.Configuration;

namespace Nano.Actors.Cluster;

/// <summary>The models every node agrees on (the same models.json everywhere) and their replica entity ids.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelDefinition> _models;

    public ModelCatalog(IEnumerable<ModelDefinition> models)
    {
        _models = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        EntityIds = _models.Values.SelectMany(m => Enumerable.Range(0, m.Replicas).Select(k => ReplicaIds.Of(m.Name, k))).ToArray();
    }

    /// <summary>Every replica of every model, in models.json order.</summary>
    public IReadOnlyList<string> EntityIds { get; }

    public IEnumerable<ModelDefinition> Models => _models.Values;

    public ModelDefinition? Find(string modelId) => _models.GetValueOrDefault(modelId);

    /// <summary>NPU memory one replica reserves on its board (one handle of the model).</summary>
    public long NeedMb(string entityId) => Find(ReplicaIds.ModelOf(entityId))?.MemoryLimitMb ?? 0;

    public bool Knows(string entityId) =>
        ReplicaIds.TryParse(entityId, out var model, out var k) && Find(model) is { } m && k < m.Replicas;
}
