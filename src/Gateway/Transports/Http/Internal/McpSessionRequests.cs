using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// GET and DELETE /mcp: the legacy session's standalone SSE stream (or the resumption of any of its streams with
/// Last-Event-ID) and its end. 2026-07-28 has neither: those requests get 405.
/// </summary>
internal sealed class McpSessionRequests(IActorRef listener)
{
    public async Task GetAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is not { } sessionId) return;
        if (!AcceptHeader.Of(context.Request).EventStream)
        {
            await Refuse(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: GET opens an SSE stream; accept text/event-stream");
            return;
        }
        SseEventId? last = null;
        if (context.Request.Headers.TryGetValue(McpHttpHeaders.LastEventId, out var lastHeader))
        {
            if (!SseEventId.TryParse(lastHeader.ToString(), out var parsed))
            {
                await Refuse(context, StatusCodes.Status400BadRequest, "Bad Request: Last-Event-ID is not an event id of this server");
                return;
            }
            last = parsed;
        }
        var stream = new ResponseStream();
        listener.Tell(new SessionListen(sessionId, stream, last));
        Admission admission;
        try
        {
            admission = await stream.Admission.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        switch (admission.Outcome)
        {
            case AdmissionOutcome.SessionNotFound:
                await Refuse(context, StatusCodes.Status404NotFound, "Session not found: it ended or expired; initialize a new one");
                return;
            case AdmissionOutcome.UnknownEventId:
                await Refuse(context, StatusCodes.Status400BadRequest, "Bad Request: the stream of this Last-Event-ID is unknown or no longer kept");
                return;
        }
        var outcome = await ResponseWriter.ListenAsync(context, stream);
        listener.Tell(new SessionStreamClosed(sessionId, admission.StreamId, stream, Resumable: true));
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is not { } sessionId) return;
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Tell(new EndSession(sessionId, ended));
        if (await ended.Task.WaitAsync(context.RequestAborted)) context.Response.StatusCode = StatusCodes.Status204NoContent;
        else await Refuse(context, StatusCodes.Status404NotFound, "Session not found: it ended or expired");
    }

    /// <summary>The session id, or null once the request was refused (modern revision, unsupported version, no session).</summary>
    private static async Task<string?> RefusedAsync(HttpContext context)
    {
        var version = context.Request.Headers[McpHttpHeaders.ProtocolVersion].ToString();
        if (version.Length > 0 && !McpProtocolVersions.IsLegacy(version))
        {
            if (version == McpProtocolVersions.Modern)
            {
                context.Response.Headers.Allow = HttpMethods.Post;
                await Refuse(context, StatusCodes.Status405MethodNotAllowed,
                    $"Method Not Allowed: protocol version {McpProtocolVersions.Modern} has no sessions and no GET stream; POST only");
            }
            else
            {
                await Refuse(context, StatusCodes.Status400BadRequest, $"Bad Request: unsupported protocol version {version}");
            }
            return null;
        }
        var sessionId = context.Request.Headers[McpHttpHeaders.SessionId].ToString();
        if (sessionId.Length > 0) return sessionId;
        await Refuse(context, StatusCodes.Status400BadRequest, $"Bad Request: the {McpHttpHeaders.SessionId} header is required");
        return null;
    }

    private static Task Refuse(HttpContext context, int status, string message) =>
        HttpErrors.WriteAsync(context, status, null, JsonRpcErrorCodes.InvalidRequest, message);
}
