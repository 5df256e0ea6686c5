namespace Nano.Actors.Configuration.Internal;

/// <summary>Collects every problem of one load, so users fix a config in one pass instead of one error per run.</summary>
internal sealed class ModelsConfigErrors
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> All => _errors;
    public bool Any => _errors.Count > 0;

    public void Add(string jsonPath, string message) => _errors.Add($"{jsonPath}: {message}");
}
