namespace Nano.Gateway.Mcp;

/// <summary>The protocol revisions nano serves and what differs between them.</summary>
public static class McpProtocolVersions
{
    public const string V2024_11_05 = "2024-11-05";
    public const string V2025_03_26 = "2025-03-26";
    public const string V2025_06_18 = "2025-06-18";
    public const string V2025_11_25 = "2025-11-25";
    public const string V2026_07_28 = "2026-07-28";

    /// <summary>The stateless revision: per-request _meta, no initialize.</summary>
    public const string Modern = V2026_07_28;

    /// <summary>Revisions negotiated by initialize, newest first.</summary>
    public static IReadOnlyList<string> Legacy { get; } = [V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05];

    /// <summary>Every revision served, newest first (server/discover's supportedVersions).</summary>
    public static IReadOnlyList<string> All { get; } = [Modern, .. Legacy];

    public static string LatestLegacy => V2025_11_25;

    public static bool IsLegacy(string? version) => version is not null && Legacy.Contains(version);

    /// <summary>initialize: the client's version when nano speaks it, otherwise nano's latest legacy revision.</summary>
    public static string Negotiate(string? requested) => IsLegacy(requested) ? requested! : LatestLegacy;

    /// <summary>JSON-RPC batches exist only in 2025-03-26 (added there, removed in 2025-06-18).</summary>
    public static bool AllowsBatches(string version) => version == V2025_03_26;

    /// <summary>Tool outputSchema/structuredContent and tool titles arrived in 2025-06-18.</summary>
    public static bool HasStructuredContent(string version) => string.CompareOrdinal(version, V2025_06_18) >= 0;

    /// <summary>Tool annotations and the progress message field arrived in 2025-03-26.</summary>
    public static bool HasAnnotations(string version) => string.CompareOrdinal(version, V2025_03_26) >= 0;
}
