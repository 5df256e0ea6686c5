using Nano.Gateway.JsonRpc;
using Nano.Gateway.Security;

namespace Nano.Gateway.Mcp;

/// <summary>
/// Transport → session: one frame as received (a line, a WebSocket message, an HTTP body, a datagram). The
/// session owns the memory from here on: the transport must not reuse it.
/// </summary>
public sealed record InboundMessage(ReadOnlyMemory<byte> Frame);

/// <summary>Transport → session: a frame the transport already parsed with the codec (HTTP checks headers against it).</summary>
public sealed record InboundParsed(JsonRpcParseResult Parsed);

/// <summary>
/// Transport → session: a frame was larger than the limit and was dropped unread; answered with -31009.
/// Limit is the transport's own when it has one (a datagram's), else nano.gateway.max-message-bytes.
/// </summary>
public sealed record FrameTooLarge(long Bytes, int? Limit = null);

/// <summary>Transport → session: the connection is gone; every run of the session is cancelled and the session stops.</summary>
public sealed record TransportClosed
{
    public static readonly TransportClosed Instance = new();
}

/// <summary>
/// Transport → session: no more frames will come (stdin or the TCP read side closed), but answers can still go out.
/// The session answers what is running, then tells the transport <see cref="SessionDrained"/>.
/// </summary>
public sealed record InputCompleted
{
    public static readonly InputCompleted Instance = new();
}

/// <summary>Session → transport: after <see cref="InputCompleted"/>, every request has been answered; the transport may close.</summary>
public sealed record SessionDrained
{
    public static readonly SessionDrained Instance = new();
}

/// <summary>Transport → session: the stream of one request closed (modern HTTP: that cancels it); no answer follows.</summary>
public sealed record RequestStreamClosed(RequestId Id);

public enum OutboundKind
{
    /// <summary>The one answer to a request (result or error); the last frame for <see cref="OutboundMessage.RelatedRequest"/>.
    /// A null RelatedRequest marks an error for a frame whose id could not be read.</summary>
    Response,
    /// <summary>A notification about a running request (progress, log message), before its response.</summary>
    Notification,
    /// <summary>A JSON array answering a whole batch (2025-03-26 only); RelatedRequest is null.</summary>
    BatchResponse,
}

/// <summary>
/// Session → transport: one complete JSON-RPC frame (compact UTF-8 JSON, no newline). The transport frames it
/// (newline, WebSocket text frame, SSE event, datagram). Sent in order.
/// </summary>
public sealed record OutboundMessage(byte[] Payload, OutboundKind Kind, RequestId? RelatedRequest);

/// <summary>
/// Session → transport: a request was cancelled by the client (notifications/cancelled, stream closed) and will
/// never be answered, as the spec requires; a transport holding a stream open for it may close that stream.
/// </summary>
public sealed record RequestDropped(RequestId Id);

/// <summary>Session → transport: nothing arrived and nothing ran for the idle timeout; the transport should close.</summary>
public sealed record SessionIdle
{
    public static readonly SessionIdle Instance = new();
}

/// <summary>
/// Transport → session: who the frames that follow come from (HTTP and WebSocket authenticate at the HTTP layer).
/// A session starts as an anonymous caller from an unknown address until told otherwise.
/// </summary>
public sealed record CallerIdentified(Caller Caller);

/// <summary>Session → transport: too many failed authentications (nano.gateway.auth.max-failures); close the connection.</summary>
public sealed record SessionRefused(string Reason);
