using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>What each revision adds to every result: 2026-07-28 wants resultType, serverInfo and caching hints.</summary>
internal static class McpResults
{
    public const string Complete = "complete";

    /// <summary>Modern: resultType "complete" and _meta serverInfo. Legacy: the result as is.</summary>
    public static JObject Finish(JObject result, McpEra era, ServerIdentity server)
    {
        if (!era.IsModern) return result;
        result["resultType"] = Complete;
        var meta = result["_meta"] as JObject ?? new JObject();
        meta[McpMethods.MetaServerInfo] = server.ToJson(withTitle: true);
        result["_meta"] = meta;
        return result;
    }

    /// <summary>Modern list/read/discover results carry freshness hints (ttlMs &gt;= 0, cacheScope public or private).</summary>
    public static JObject Cacheable(JObject result, McpEra era, long ttlMs, string scope = "public")
    {
        if (!era.IsModern) return result;
        result["ttlMs"] = ttlMs;
        result["cacheScope"] = scope;
        return result;
    }
}
