namespace Nano.LoadGen;

/// <summary>How the load generator talks to the node.</summary>
public enum LoadTransport
{
    /// <summary>Newline-delimited JSON-RPC over one TCP connection per client.</summary>
    Tcp,
    /// <summary>One JSON-RPC message per WebSocket text message (/ws).</summary>
    Ws,
    /// <summary>MCP Streamable HTTP (/mcp), one legacy session (Mcp-Session-Id) per client.</summary>
    Http,
    /// <summary>One JSON-RPC message per datagram, one peer (socket) per client.</summary>
    Udp,
    /// <summary>POST /v1/chat/completions, SSE when streaming.</summary>
    OpenAi,
}
