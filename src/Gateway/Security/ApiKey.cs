namespace Nano.Gateway.Security;

/// <summary>
/// One configured API key: its id (the name logs and limits use), the SHA-256 of its secret (the secret itself is
/// never stored), the models it may use (null: all) and whether it may administer models.
/// </summary>
public sealed record ApiKey(string Id, byte[] Hash)
{
    public IReadOnlySet<string>? Models { get; init; }
    public bool Admin { get; init; }

    public bool AllowsModel(string model) => Models is null || Models.Contains(model);
}
