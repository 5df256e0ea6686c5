using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>An error in OpenAI's shape, <c>{"error":{"message","type","param","code"}}</c>, with its HTTP status.</summary>
internal sealed record OpenAiError(int Status, string Message, string Type, string? Code = null, string? Param = null, TimeSpan? RetryAfter = null)
{
    public static OpenAiError BadRequest(string message, string? param = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_value", param);

    public static OpenAiError ModelNotFound(string model) =>
        new(StatusCodes.Status404NotFound, $"The model '{model}' does not exist", "invalid_request_error", "model_not_found", "model");

    public static OpenAiError TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the request body exceeds {limit} bytes (nano.gateway.max-message-bytes)",
            "invalid_request_error", "request_too_large");

    /// <summary>
    /// nano's error codes as HTTP. Refusals for lack of room are retriable statuses (429 queue full, 503 no memory or
    /// handle, with Retry-After); a retriable failure mid-run (the board left the cluster, the runtime faulted and the
    /// handle is being restarted) is 503, a non-retriable one 500.
    /// </summary>
    public static OpenAiError From(NanoErrorCode code, string message, bool retriable = false, TimeSpan? retryAfter = null) => code switch
    {
        NanoErrorCode.QueueFull => new(429, message, "rate_limit_error", "queue_full", null, retryAfter),
        NanoErrorCode.ResourceExhausted => new(503, message, "server_error", "resource_exhausted", null, retryAfter),
        NanoErrorCode.ModelNotFound => new(404, message, "invalid_request_error", "model_not_found", "model"),
        NanoErrorCode.BadRequest => new(400, message, "invalid_request_error", "invalid_value"),
        NanoErrorCode.Timeout => new(504, message, "timeout_error", "timeout"),
        NanoErrorCode.NodeLost => new(503, message, "server_error", "node_lost", null, retryAfter),
        NanoErrorCode.RuntimeFault or NanoErrorCode.ModelFailed or NanoErrorCode.Internal or NanoErrorCode.Cancelled when retriable =>
            new(503, message, "server_error", code == NanoErrorCode.RuntimeFault ? "runtime_fault" : Snake(code), null, retryAfter),
        NanoErrorCode.ModelFailed => new(503, message, "server_error", "model_failed"),
        NanoErrorCode.RuntimeFault => new(500, message, "server_error", "runtime_fault"),
        NanoErrorCode.Cancelled => new(499, message, "server_error", "cancelled"),
        _ => new(500, message, "server_error", "internal_error"),
    };

    public static OpenAiError From(Failed failed) => From(failed.Code, failed.Message, failed.Retriable);

    public static OpenAiError From(Rejected rejected) => From(rejected.Code, rejected.Reason, true, rejected.RetryAfter);

    public JObject Body() => new()
    {
        ["error"] = new JObject
        {
            ["message"] = Message,
            ["type"] = Type,
            ["param"] = Param,
            ["code"] = Code,
        },
    };

    public async Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        if (RetryAfter is { } after)
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(Body().ToString(Formatting.None), http.RequestAborted).ConfigureAwait(false);
    }

    private static string Snake(NanoErrorCode code) => code switch
    {
        NanoErrorCode.ModelFailed => "model_failed",
        NanoErrorCode.Cancelled => "cancelled",
        _ => "internal_error",
    };
}
