namespace Nano.Gateway.Security;

/// <summary>
/// Who sent a request: the client's address and the API key it proved, if any. <paramref name="Trusted"/> callers
/// (every caller while auth is off, and stdio, which is local) may do everything without a key; a key's own
/// allow-list and admin flag apply whenever one was presented.
/// </summary>
public sealed record Caller(string Address, ApiKey? Key = null, bool Trusted = false)
{
    public bool Authenticated => Key is not null || Trusted;

    /// <summary>What limits are keyed by: the key id when there is one, else the address.</summary>
    public string ClientId => Key is { } key ? "key:" + key.Id : "addr:" + Address;

    public bool MaySee(string model) => Key?.AllowsModel(model) ?? Trusted;

    public bool IsAdmin => Key?.Admin ?? Trusted;
}
