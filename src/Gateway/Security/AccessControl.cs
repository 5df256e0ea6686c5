using System.Security.Cryptography;

namespace Nano.Gateway.Security;

/// <summary>
/// The node's access policy, built once and shared by every transport: authenticating keys, the per-client limits
/// and the audit log. With no keys configured every caller is trusted (the gateway then refuses non-loopback binds).
/// </summary>
public sealed class AccessControl(AuthSettings auth, ClientLimiter limits, AuditLog audit) : IDisposable
{
    public static AccessControl Open { get; } = new(AuthSettings.Default, ClientLimiter.Unlimited, AuditLog.None);

    public AuthSettings Auth { get; } = auth;
    public ClientLimiter Limits { get; } = limits;
    public AuditLog Audit { get; } = audit;
    public bool AuthEnabled => Auth.Enabled;

    /// <summary>The caller before any key: trusted while auth is off, else unauthenticated.</summary>
    public Caller Anonymous(string address) => new(address, Trusted: !AuthEnabled);

    /// <summary>The caller holding <paramref name="presented"/>, or null when it matches no key.</summary>
    /// <remarks>
    /// The presented key is hashed and compared with every stored hash in constant time (FixedTimeEquals, no early
    /// exit), so the time taken tells nothing about which key, or how much of one, matched.
    /// </remarks>
    public Caller? Authenticate(string? presented, string address)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var hash = ApiKeyHash.Of(presented);
        ApiKey? match = null;
        foreach (var key in Auth.Keys)
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash)) match ??= key;
        return match is null ? null : new Caller(address, match);
    }

    public void Dispose()
    {
        Limits.Dispose();
        Audit.Dispose();
    }
}
