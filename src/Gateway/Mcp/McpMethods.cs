namespace Nano.Gateway.Mcp;

/// <summary>The MCP method names nano serves or recognizes.</summary>
public static class McpMethods
{
    // Legacy lifecycle (2024-11-05 .. 2025-11-25).
    public const string Initialize = "initialize";
    public const string Initialized = "notifications/initialized";
    public const string Ping = "ping";
    public const string LoggingSetLevel = "logging/setLevel";

    // Modern (2026-07-28).
    public const string ServerDiscover = "server/discover";
    public const string SubscriptionsListen = "subscriptions/listen";

    // Both eras.
    public const string ToolsList = "tools/list";
    public const string ToolsCall = "tools/call";
    public const string ResourcesList = "resources/list";
    public const string ResourcesRead = "resources/read";
    public const string ResourceTemplatesList = "resources/templates/list";
    public const string Cancelled = "notifications/cancelled";
    public const string Progress = "notifications/progress";
    public const string Message = "notifications/message";

    // _meta keys.
    public const string MetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
    public const string MetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
    public const string MetaClientInfo = "io.modelcontextprotocol/clientInfo";
    public const string MetaLogLevel = "io.modelcontextprotocol/logLevel";
    public const string MetaServerInfo = "io.modelcontextprotocol/serverInfo";
    public const string MetaProgressToken = "progressToken";
    /// <summary>nano's _meta key carrying the API key on TCP, UDP, WebSocket and stdio (initialize's, or any request's).</summary>
    public const string MetaApiKey = "apiKey";
    /// <summary>nano's own _meta key on progress notifications: the pool request id (for the abort tool).</summary>
    public const string MetaNanoRequestId = "dev.nano/requestId";
}
