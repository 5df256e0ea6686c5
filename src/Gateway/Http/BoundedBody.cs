using Microsoft.AspNetCore.Http;

namespace Nano.Gateway.Http;

/// <summary>Reads a request body without ever buffering more than a limit (nano.gateway.max-message-bytes).</summary>
public static class BoundedBody
{
    /// <summary>The body's bytes (positioned at 0), or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<MemoryStream?> ReadAsync(HttpContext http, int limit)
    {
        if (http.Request.ContentLength > limit) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await buffer.DisposeAsync().ConfigureAwait(false);
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }
}
