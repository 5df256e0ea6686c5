namespace Nano.Actors.Configuration;

/// <summary>models.json is unusable; <see cref="Errors"/> holds every problem found, each naming its JSON path.</summary>
public sealed class ModelsConfigException(string configPath, IReadOnlyList<string> errors)
    : Exception($"{configPath}: {errors.Count} configuration error(s):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
{
    public string ConfigPath { get; } = configPath;
    public IReadOnlyList<string> Errors { get; } = errors;
}
