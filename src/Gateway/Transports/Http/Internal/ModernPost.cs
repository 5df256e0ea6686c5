using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Security;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// A 2026-07-28 POST: one request or notification, no session (Mcp-Session-Id and Last-Event-ID are ignored), the
/// mirrored headers checked first. The request gets an exchange of its own; its stream closing cancels it.
/// </summary>
internal sealed class ModernPost(IActorRef listener)
{
    public async Task HandleAsync(HttpContext context, JsonRpcParseResult parsed, AcceptHeader accept)
    {
        switch (parsed)
        {
            case JsonRpcBatch:
                await Refuse(context, null, JsonRpcErrorCodes.InvalidRequest, $"Invalid Request: protocol version {McpProtocolVersions.Modern} has no batches");
                return;
            case JsonRpcParsed { Message: JsonRpcNotification }:
                // This revision defines no client notifications over HTTP (closing the stream is the cancellation).
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            case JsonRpcParsed { Message: JsonRpcRequest request } message:
                if (ModernRequestCheck.Check(context.Request.Headers, request) is { } error)
                {
                    await Refuse(context, request.Id, error.Code, error.Message);
                    return;
                }
                await ServeAsync(context, message, request.Id, accept);
                return;
            default:
                await Refuse(context, null, JsonRpcErrorCodes.InvalidRequest,
                    $"Invalid Request: in protocol version {McpProtocolVersions.Modern} clients send requests and notifications only");
                return;
        }
    }

    private async Task ServeAsync(HttpContext context, JsonRpcParsed message, RequestId id, AcceptHeader accept)
    {
        var stream = new ResponseStream();
        listener.Tell(new OpenExchange(message, id, stream, HttpCaller.Of(context)));
        try
        {
            await stream.Admission.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            listener.Tell(new ExchangeStreamClosed(stream.Id));
            return;
        }
        var outcome = await ResponseWriter.WriteAsync(context, stream, stream.Id, new ResponseMode(accept, Modern: true, Priming: false));
        if (!outcome.Delivered) listener.Tell(new ExchangeStreamClosed(stream.Id));
    }

    private static Task Refuse(HttpContext context, RequestId? id, int code, string message) =>
        HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, id, code, message);
}
