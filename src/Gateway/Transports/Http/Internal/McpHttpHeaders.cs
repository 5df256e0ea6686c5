namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>Header names of Streamable HTTP (compared case-insensitively, as HTTP does).</summary>
internal static class McpHttpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";
    public const string Name = "Mcp-Name";
    public const string LastEventId = "Last-Event-ID";

    /// <summary>_meta key of the request's revision (2026-07-28).</summary>
    public const string ProtocolVersionMeta = Mcp.McpMethods.MetaProtocolVersion;
}
