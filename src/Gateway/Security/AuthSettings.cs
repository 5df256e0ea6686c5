using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Nano.Gateway.Security;

/// <summary>
/// nano.gateway.auth: the API keys (hashes only), the HTTP paths served without a key, and how many failed
/// attempts close a connection. Auth is on exactly when at least one key is configured.
/// </summary>
public sealed record AuthSettings
{
    /// <summary>The environment variable holding keys as "id:secret,id2:secret2" (hashed at start, never logged).</summary>
    public const string EnvironmentVariable = "NANO_API_KEYS";

    public IReadOnlyList<ApiKey> Keys { get; init; } = [];
    /// <summary>HTTP paths (and everything under them) answered without a key: liveness and readiness by default.</summary>
    public IReadOnlyList<string> PublicPaths { get; init; } = ["/health", "/ready"];
    /// <summary>Consecutive failed authentications after which a TCP, WebSocket or UDP connection is closed.</summary>
    public int MaxFailures { get; init; } = 5;

    public bool Enabled => Keys.Count > 0;

    public static AuthSettings Default { get; } = new();

    /// <summary>Reads <c>auth</c> under <c>nano.gateway</c>; entries without hash take their secret from <paramref name="secrets"/>.</summary>
    /// <param name="secrets">NANO_API_KEYS' value ("id:secret,..."); ids not configured become keys for every model, not admin.</param>
    /// <exception cref="FormatException">a key entry is malformed (the message names it, never a secret).</exception>
    public static AuthSettings FromConfig(Config gateway, string? secrets = null)
    {
        var keys = new List<ApiKey>();
        var pending = new List<(string Id, IReadOnlySet<string>? Models, bool Admin)>();
        var value = gateway.GetValue("auth.keys");
        var entries = value is null ? [] : value.GetArray();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = new Config(new HoconRoot(entries[i]));
            var at = $"nano.gateway.auth.keys[{i}]";
            var id = entry.GetString("id", "");
            if (id.Length == 0) throw new FormatException($"{at}: 'id' is required");
            var models = entry.HasPath("models") ? entry.GetStringList("models").ToHashSet(StringComparer.Ordinal) : null;
            var admin = entry.GetBoolean("admin", false);
            var hash = entry.GetString("hash", "");
            if (hash.Length == 0)
            {
                pending.Add((id, models, admin));
                continue;
            }
            try
            {
                keys.Add(new ApiKey(id, ApiKeyHash.Parse(hash)) { Models = models, Admin = admin });
            }
            catch (FormatException e)
            {
                throw new FormatException($"{at} ('{id}'): {e.Message}");
            }
        }
        var given = ParseSecrets(secrets);
        foreach (var (id, models, admin) in pending)
        {
            if (!given.Remove(id, out var hash))
                throw new FormatException($"nano.gateway.auth.keys: '{id}' has no hash and {EnvironmentVariable} gives no secret for it");
            keys.Add(new ApiKey(id, hash) { Models = models, Admin = admin });
        }
        keys.AddRange(given.Select(g => new ApiKey(g.Key, g.Value)));
        var duplicate = keys.GroupBy(k => k.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"nano.gateway.auth.keys: id '{duplicate.Key}' is given twice");
        return new AuthSettings
        {
            Keys = keys,
            PublicPaths = gateway.GetStringList("auth.public-paths").ToList(),
            MaxFailures = gateway.GetInt("auth.max-failures", 5),
        };
    }

    /// <summary>"id:secret,id2:secret2" → id → SHA-256(secret); the secret is dropped here.</summary>
    private static Dictionary<string, byte[]> ParseSecrets(string? secrets)
    {
        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in (secrets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':');
            if (colon <= 0 || colon == item.Length - 1)
                throw new FormatException($"{EnvironmentVariable}: expected id:secret[,id:secret...] (item {hashes.Count + 1} is not)");
            var id = item[..colon];
            if (!hashes.TryAdd(id, ApiKeyHash.Of(item[(colon + 1)..])))
                throw new FormatException($"{EnvironmentVariable}: id '{id}' is given twice");
        }
        return hashes;
    }

    public bool IsPublic(string path) =>
        PublicPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase) ||
                             path.StartsWith(p.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase));
}
