using Microsoft.AspNetCore.Http;
using Nano.Gateway.JsonRpc;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>Transport-level refusals: an HTTP status with a JSON-RPC error body (the spec allows one, and clients read it).</summary>
internal static class HttpErrors
{
    private static readonly JsonRpcCodec Codec = new();

    public static Task WriteAsync(HttpContext context, int status, RequestId? id, int code, string message, JToken? data = null) =>
        WriteAsync(context, status, Codec.Serialize(JsonRpcCodec.Error(id, code, message, data)));

    public static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        if (response.HasStarted) return;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The code of a serialized error response, or null for a result.</summary>
    public static int? ErrorCode(byte[] payload) =>
        Codec.Parse(payload) is JsonRpcParsed { Message: JsonRpcErrorResponse error } ? error.Error.Code : null;
}
