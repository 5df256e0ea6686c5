using System.Collections;
using System.Collections.Immutable;
using Nano.Actors.Configuration;

namespace Nano.Gateway.Mcp;

/// <summary>
/// The node's model definitions as the gateway knows them: models.json plus models added at run time (model
/// administration). Readers see an immutable snapshot; writers swap it atomically, so sessions need no lock.
/// </summary>
public sealed class ModelList : IReadOnlyList<ModelDefinition>
{
    private ImmutableList<ModelDefinition> _models;

    public ModelList(IEnumerable<ModelDefinition> models) => _models = [.. models];

    public int Count => _models.Count;

    public ModelDefinition this[int index] => _models[index];

    public ModelDefinition? Find(string name) => _models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>Adds the model, or replaces the definition of the same name.</summary>
    public void Set(ModelDefinition model) =>
        ImmutableInterlocked.Update(ref _models, list => list.FindIndex(m => m.Name == model.Name) is var i and >= 0 ? list.SetItem(i, model) : list.Add(model));

    public void Remove(string name) => ImmutableInterlocked.Update(ref _models, list => list.RemoveAll(m => m.Name == name));

    /// <summary>Becomes <paramref name="models"/> (cluster mode: the replicated catalog changed).</summary>
    public void Reset(IEnumerable<ModelDefinition> models) => ImmutableInterlocked.Update(ref _models, _ => [.. models]);

    public IEnumerator<ModelDefinition> GetEnumerator() => ((IEnumerable<ModelDefinition>)_models).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
