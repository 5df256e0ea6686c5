using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>nano's error codes as Ollama answers them: an HTTP status and <c>{"error": "message"}</c>.</summary>
internal static class OllamaErrors
{
    public static int Status(NanoErrorCode code) => code switch
    {
        NanoErrorCode.BadRequest => StatusCodes.Status400BadRequest,
        NanoErrorCode.ModelNotFound => StatusCodes.Status404NotFound,
        NanoErrorCode.QueueFull => StatusCodes.Status429TooManyRequests,
        NanoErrorCode.ResourceExhausted or NanoErrorCode.ModelFailed or NanoErrorCode.NodeLost => StatusCodes.Status503ServiceUnavailable,
        NanoErrorCode.Timeout => StatusCodes.Status504GatewayTimeout,
        // The client normally went away already; 499 is the de-facto "client closed request".
        NanoErrorCode.Cancelled => 499,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The error a final Failed/Rejected answer becomes, with its status and retry hint.</summary>
    public static (int Status, string Message, TimeSpan? RetryAfter) Of(object final) => final switch
    {
        Rejected r => (Status(r.Code), r.Reason, r.RetryAfter),
        Failed f => (Status(f.Code), f.Message, f.Retriable && f.Code is NanoErrorCode.NodeLost ? TimeSpan.FromSeconds(1) : null),
        _ => (StatusCodes.Status500InternalServerError, "unexpected answer from the model router", null),
    };

    public static Task WriteAsync(HttpContext http, int status, string message, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } after)
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return OllamaJson.WriteAsync(http, new JObject { ["error"] = message }, status);
    }

    /// <summary>A model outside the caller's key allow-list is answered like an unknown one: 404, true.</summary>
    public static async Task<bool> HiddenAsync(HttpContext http, string model)
    {
        if (Security.HttpCaller.Of(http).MaySee(model)) return false;
        await WriteAsync(http, StatusCodes.Status404NotFound, $"model '{model}' not found");
        return true;
    }

    public static Task WriteAsync(HttpContext http, object final)
    {
        var (status, message, retryAfter) = Of(final);
        return WriteAsync(http, status, message, retryAfter);
    }
}
