using System.Text;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>OpenAI's server-sent events: <c>data: {json}\n\n</c> per chunk, <c>data: [DONE]\n\n</c> at the end.</summary>
internal static class Sse
{
    public static void Begin(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public static Task WriteAsync(HttpResponse response, JObject data, CancellationToken cancellationToken) =>
        WriteRawAsync(response, data.ToString(Formatting.None), cancellationToken);

    public static Task DoneAsync(HttpResponse response, CancellationToken cancellationToken) => WriteRawAsync(response, "[DONE]", cancellationToken);

    private static async Task WriteRawAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
