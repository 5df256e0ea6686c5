using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Security;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// A POST of revisions 2024-11-05 … 2025-11-25: initialize without Mcp-Session-Id opens a session (its id comes back
/// in the header); everything else needs the session. Notifications and responses get 202; requests their answer
/// as JSON or SSE. Batches are passed as their items and only where the session's revision has them.
/// </summary>
internal sealed class LegacyPost(IActorRef listener, JsonRpcCodec codec)
{
    public async Task HandleAsync(HttpContext context, JsonRpcParseResult parsed, AcceptHeader accept)
    {
        var sessionId = context.Request.Headers[McpHttpHeaders.SessionId].ToString();
        var items = parsed is JsonRpcBatch batch ? batch.Items : [parsed];
        var valid = items.OfType<JsonRpcParsed>().ToList();
        var initialize = valid.Select(p => p.Message).OfType<JsonRpcRequest>().FirstOrDefault(r => r.Method == McpMethods.Initialize);

        if (initialize is not null && (parsed is JsonRpcBatch || sessionId.Length > 0))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, initialize.Id, parsed is JsonRpcBatch
                ? "Invalid Request: initialize cannot be part of a batch"
                : "Invalid Request: this session is already initialized; send initialize without Mcp-Session-Id to start a new one");
            return;
        }
        if (initialize is not null)
        {
            await OpenAsync(context, (JsonRpcParsed)parsed, initialize.Id, accept);
            return;
        }
        var firstId = valid.Select(p => p.Message).OfType<JsonRpcRequest>().Select(r => (RequestId?)r.Id).FirstOrDefault();
        if (sessionId.Length == 0)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, firstId,
                $"Bad Request: the {McpHttpHeaders.SessionId} header is required (it comes with the answer to initialize)");
            return;
        }

        var requests = valid.Select(p => p.Message).OfType<JsonRpcRequest>().Select(r => r.Id).ToList();
        var errors = items.OfType<JsonRpcInvalid>().Select(i => codec.Serialize(i.Reply)).ToList();
        var stream = new ResponseStream();
        listener.Tell(new SessionPost(sessionId, valid.Cast<JsonRpcParseResult>().ToList(), requests, parsed is JsonRpcBatch, stream, HttpCaller.Of(context)));
        var admission = await AdmitAsync(context, stream);
        switch (admission?.Outcome)
        {
            case null:
                return;
            case AdmissionOutcome.SessionNotFound:
                await Refuse(context, StatusCodes.Status404NotFound, firstId, "Session not found: it ended or expired; initialize a new one");
                return;
            case AdmissionOutcome.DuplicateRequestId:
                await Refuse(context, StatusCodes.Status400BadRequest, firstId, "Invalid Request: a request with this id is still running in the session");
                return;
            case AdmissionOutcome.BatchNotAllowed:
                await Refuse(context, StatusCodes.Status400BadRequest, null,
                    $"Invalid Request: batches exist only in protocol version {McpProtocolVersions.V2025_03_26}; this session speaks {admission.Version}");
                return;
        }
        if (requests.Count == 0)
        {
            if (errors.Count == 0) context.Response.StatusCode = StatusCodes.Status202Accepted;
            else await HttpErrors.WriteAsync(context, StatusCodes.Status200OK, JsonRpcCodec.SerializeBatch(errors));
            return;
        }
        var mode = new ResponseMode(accept, Modern: false, Priming: HasPriming(admission.Version), parsed is JsonRpcBatch, errors);
        await WriteAsync(context, stream, admission, mode);
    }

    private async Task OpenAsync(HttpContext context, JsonRpcParsed message, RequestId id, AcceptHeader accept)
    {
        var stream = new ResponseStream();
        listener.Tell(new OpenSession(message, id, stream, HttpCaller.Of(context)));
        var admission = await AdmitAsync(context, stream);
        if (admission is null) return;
        context.Response.Headers[McpHttpHeaders.SessionId] = admission.SessionId;
        var outcome = await WriteAsync(context, stream, admission, new ResponseMode(accept, Modern: false, Priming: false));
        // A client gone before its session's id reached it can never use the session.
        if (!outcome.Delivered) listener.Tell(new EndSession(admission.SessionId!, new TaskCompletionSource<bool>()));
    }

    /// <summary>The session's admission, or null when the client went away first (the stream is then given back).</summary>
    private async Task<Admission?> AdmitAsync(HttpContext context, ResponseStream stream)
    {
        try
        {
            return await stream.Admission.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // Admission completes promptly, so this rarely races; whichever session took the stream lets it go.
            _ = stream.Admission.ContinueWith(t =>
            {
                if (t.Result.Outcome == AdmissionOutcome.Accepted)
                    listener.Tell(new SessionStreamClosed(t.Result.SessionId!, t.Result.StreamId, stream, Resumable: false));
            }, TaskContinuationOptions.OnlyOnRanToCompletion);
            return null;
        }
    }

    private async Task<WriteOutcome> WriteAsync(HttpContext context, ResponseStream stream, Admission admission, ResponseMode mode)
    {
        var outcome = await ResponseWriter.WriteAsync(context, stream, admission.StreamId, mode);
        listener.Tell(new SessionStreamClosed(admission.SessionId!, admission.StreamId, stream, outcome.Resumable));
        return outcome;
    }

    /// <summary>The priming event (an id before any message) arrived in 2025-11-25; older clients may not expect empty events.</summary>
    private static bool HasPriming(string? version) => version is not null && string.CompareOrdinal(version, McpProtocolVersions.V2025_11_25) >= 0;

    private static Task Refuse(HttpContext context, int status, RequestId? id, string message) =>
        HttpErrors.WriteAsync(context, status, id, JsonRpcErrorCodes.InvalidRequest, message);
}
