using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>Reads a POST body whole, refusing it as soon as it passes the message size limit.</summary>
internal static class RequestBody
{
    /// <summary>The body as one array (the session keeps it while it parses), or null when it is over the limit.</summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > maxBytes) return null;
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }
            if (result.IsCompleted)
            {
                var body = buffer.IsEmpty ? [] : new byte[buffer.Length];
                buffer.CopyTo(body);
                reader.AdvanceTo(buffer.End);
                return body;
            }
            // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
