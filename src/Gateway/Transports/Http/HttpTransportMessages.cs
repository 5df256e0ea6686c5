using Nano.Gateway.JsonRpc;
using Nano.Gateway.Security;
using Nano.Gateway.Transports.Http.Internal;

namespace Nano.Gateway.Transports.Http;

/// <summary>Messages from the /mcp handlers to the HTTP listener actor that carry a legacy session id.</summary>
internal interface ISessionAddressed
{
    string SessionId { get; }
    /// <summary>Admitted with SessionNotFound when the session is unknown or has ended.</summary>
    ResponseStream? Stream { get; }
}

/// <summary>A POST without session id carrying initialize (legacy): opens a session and hands it the request.</summary>
internal sealed record OpenSession(JsonRpcParsed Initialize, RequestId Id, ResponseStream Stream, Caller Caller);

/// <summary>
/// A POST of a legacy session. Messages are already parsed (the handler checked them); requests lists the ids the
/// stream waits for (empty for notifications and responses: then the stream is only admitted, 202).
/// </summary>
internal sealed record SessionPost(
    string SessionId, IReadOnlyList<JsonRpcParseResult> Messages, IReadOnlyList<RequestId> Requests, bool IsBatch, ResponseStream Stream,
    Caller Caller)
    : ISessionAddressed
{
    ResponseStream? ISessionAddressed.Stream => Stream;
}

/// <summary>A GET of a legacy session: the standalone stream, or the resumption of a stream after LastEventId.</summary>
internal sealed record SessionListen(string SessionId, ResponseStream Stream, SseEventId? LastEventId) : ISessionAddressed
{
    ResponseStream? ISessionAddressed.Stream => Stream;
}

/// <summary>
/// The handler of a stream is done (its final message written, or the client gone). Resumable when the client had
/// an event id to resume from (legacy SSE); otherwise the stream's requests are cancelled at once.
/// </summary>
internal sealed record SessionStreamClosed(string SessionId, long StreamId, ResponseStream Reader, bool Resumable) : ISessionAddressed
{
    ResponseStream? ISessionAddressed.Stream => null;
}

/// <summary>DELETE (legacy): ends the session; Done is true when it existed.</summary>
internal sealed record EndSession(string SessionId, TaskCompletionSource<bool> Done);

/// <summary>A modern (2026-07-28) request: served by an exchange of its own, gone with its response.</summary>
internal sealed record OpenExchange(JsonRpcParsed Request, RequestId Id, ResponseStream Stream, Caller Caller);

/// <summary>The modern request's response stream closed before its answer: that cancels the request.</summary>
internal sealed record ExchangeStreamClosed(long StreamId);

/// <summary>Session → listener: the session should end (its core went idle or stopped).</summary>
internal sealed record SessionExpired(string SessionId);
