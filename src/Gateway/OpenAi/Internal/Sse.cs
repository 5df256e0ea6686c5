using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// OpenAI's server-sent events: <c>data: {json}\n\n</c> per chunk, <c>data: [DONE]\n\n</c> at the end, written into
/// the response's pipe. Writing does not send: the caller flushes when no further answer is queued, so tokens that
/// arrive together leave in one write while the last one is never held back.
/// </summary>
internal static class Sse
{
    /// <summary>After this many unflushed events a writer flushes anyway (~30 KB of chunks: a long burst still streams, memory stays bounded).</summary>
    public const int FlushEveryEvents = 128;

    public static void Begin(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Opens an event; the JSON follows, then <see cref="Close"/>.</summary>
    public static void Open(IBufferWriter<byte> writer) => writer.Write("data: "u8);

    public static void Close(IBufferWriter<byte> writer) => writer.Write("\n\n"u8);

    public static void Write(PipeWriter writer, JObject data)
    {
        Open(writer);
        writer.Write(Encoding.UTF8.GetBytes(data.ToString(Formatting.None)));
        Close(writer);
    }

    public static void Done(PipeWriter writer) => writer.Write("data: [DONE]\n\n"u8);

    /// <summary>Sends what was written; false when the client is gone (the response can take nothing more).</summary>
    public static async ValueTask<bool> FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
