using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// POST /mcp for both eras. The era comes from MCP-Protocol-Version (or, without it, from the body's _meta): a modern
/// request is checked against its mirrored headers and served statelessly; a legacy one needs its session
/// (Mcp-Session-Id from initialize: 400 without, 404 when unknown).
/// </summary>
internal sealed class McpPost(IActorRef listener, JsonRpcCodec codec)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var accept = AcceptHeader.Of(request);
        if (!accept.Any)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, null, JsonRpcErrorCodes.InvalidRequest,
                "Not Acceptable: accept application/json and text/event-stream");
            return;
        }
        if (request.ContentType is { } type && !(MediaTypeHeaderValue.TryParse(type, out var media) && media.MatchesMediaType("application/json")))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, null, JsonRpcErrorCodes.InvalidRequest,
                "Unsupported Media Type: the body is one JSON-RPC message, Content-Type application/json");
            return;
        }
        var body = await RequestBody.ReadAsync(request, codec.Limits.MaxMessageBytes, context.RequestAborted);
        if (body is null)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, null, JsonRpcErrorCodes.MessageTooLarge,
                $"Message too large: the limit is {codec.Limits.MaxMessageBytes} bytes", new JObject { ["max_bytes"] = codec.Limits.MaxMessageBytes });
            return;
        }
        var parsed = codec.Parse(body);
        if (parsed is JsonRpcInvalid invalid)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, codec.Serialize(invalid.Reply));
            return;
        }

        var version = request.Headers[McpHttpHeaders.ProtocolVersion].ToString();
        var single = (parsed as JsonRpcParsed)?.Message;
        var id = (single as JsonRpcRequest)?.Id;
        if (version.Length > 0 && !McpProtocolVersions.All.Contains(version))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, id, JsonRpcErrorCodes.UnsupportedProtocolVersion,
                $"Unsupported protocol version: {version}",
                new JObject { ["supported"] = new JArray(McpProtocolVersions.All), ["requested"] = version });
            return;
        }
        // A body declaring the modern revision is modern whatever the header says (a different header is a mismatch).
        if (version == McpProtocolVersions.Modern || DeclaresModern(single))
            await new ModernPost(listener).HandleAsync(context, parsed, accept);
        else
            await new LegacyPost(listener, codec).HandleAsync(context, parsed, accept);
    }

    private static bool DeclaresModern(JsonRpcMessage? message) => message switch
    {
        JsonRpcRequest r => DeclaresModern(r.ParamsObject),
        JsonRpcNotification n => DeclaresModern(n.ParamsObject),
        _ => false,
    };

    // _meta may be anything a client sent: only an object can declare a version (indexing a value or array throws).
    private static bool DeclaresModern(JObject? parameters) =>
        parameters?["_meta"] is JObject meta && meta[McpHttpHeaders.ProtocolVersionMeta] is JValue { Value: string v } && v == McpProtocolVersions.Modern;
}
