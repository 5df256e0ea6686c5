using Akka.Configuration;

namespace Nano.Actors.Configuration;

/// <summary>
/// A validated models.json: the model roots (absolute), the models, and the node/pool settings it overrides
/// (as HOCON under nano.node / nano.pool, to be layered over the hocon/ defaults).
/// </summary>
public sealed record ModelsConfig(string SourcePath, IReadOnlyList<string> ModelRoots, IReadOnlyList<ModelDefinition> Models, Config Settings)
{
    /// <summary>How the file was loaded (runtime override, emulator library), so entries added at run time are read alike.</summary>
    public ModelsConfigOptions Options { get; init; } = ModelsConfigOptions.Default;

    public ModelDefinition? Find(string name) => Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
}
