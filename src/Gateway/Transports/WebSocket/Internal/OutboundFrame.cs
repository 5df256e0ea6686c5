using System.Net.WebSockets;

namespace Nano.Gateway.Transports.WebSocket.Internal;

/// <summary>For the send loop: one text message (a JSON-RPC frame), or the close handshake.</summary>
internal readonly record struct OutboundFrame(byte[]? Payload, WebSocketCloseStatus CloseStatus = WebSocketCloseStatus.NormalClosure, string? Reason = null)
{
    public static OutboundFrame Close(WebSocketCloseStatus status, string reason) => new(null, status, reason);
}
