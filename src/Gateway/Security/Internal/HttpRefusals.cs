using Microsoft.AspNetCore.Http;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Transports.Http;
using Nano.Gateway.Transports.Http.Internal;
using Nano.Gateway.Transports.WebSocket;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Security.Internal;

/// <summary>
/// 401, 403 and 429 in the shape each HTTP API's clients parse: a JSON-RPC error on /mcp and /ws, OpenAI's error
/// object on /v1, Ollama's <c>{"error": "..."}</c> on /api, <c>{"error": {"code", "message"}}</c> elsewhere.
/// A limit refusal carries retry_after_ms in the body (the caller sets Retry-After).
/// </summary>
internal static class HttpRefusals
{
    public static Task WriteAsync(HttpContext http, string path, int status, string code, string message, LimitRefusal? limit)
    {
        if (path.StartsWith(McpHttpEndpoint.DefaultPath, StringComparison.Ordinal) || path.StartsWith(WebSocketEndpoint.DefaultPath, StringComparison.Ordinal))
        {
            var rpcCode = status switch
            {
                StatusCodes.Status401Unauthorized => JsonRpcErrorCodes.Unauthorized,
                StatusCodes.Status403Forbidden => JsonRpcErrorCodes.Forbidden,
                _ => JsonRpcErrorCodes.TooManyRequests,
            };
            var data = new JObject { ["name"] = JsonRpcErrorCodes.NanoName(rpcCode) };
            if (limit is not null) AddLimit(data, limit);
            return HttpErrors.WriteAsync(http, status, null, rpcCode, message, data);
        }
        JObject body;
        if (path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            var error = new JObject
            {
                ["message"] = message,
                ["type"] = status == StatusCodes.Status429TooManyRequests ? "rate_limit_error" : "invalid_request_error",
                ["param"] = null,
                ["code"] = status == StatusCodes.Status401Unauthorized ? "invalid_api_key" : code,
            };
            if (limit is not null) AddLimit(error, limit);
            body = new JObject { ["error"] = error };
        }
        else if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            body = new JObject { ["error"] = message };
            if (limit is not null) AddLimit(body, limit);
        }
        else
        {
            var error = new JObject { ["code"] = code, ["message"] = message };
            if (limit is not null) AddLimit(error, limit);
            body = new JObject { ["error"] = error };
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToString(Formatting.None), http.RequestAborted);
    }

    private static void AddLimit(JObject target, LimitRefusal limit)
    {
        target["retry_after_ms"] = limit.RetryAfterMs;
        target["reason"] = limit.Reason;
    }
}
