using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// Writes a request's messages as they arrive: one JSON body when its answer comes first (or the client takes only
/// JSON), otherwise an SSE stream. Events that are already queued are written together and flushed once, when the
/// queue is empty (or every <see cref="FlushEveryBytes"/>), as the TCP write loop does: a burst of progress
/// notifications leaves in one write, and the last event is never held back. Stops when the client goes away
/// (RequestAborted).
/// </summary>
internal static class ResponseWriter
{
    /// <summary>A long burst still streams, and the unflushed bytes stay bounded.</summary>
    private const int FlushEveryBytes = 64 * 1024;

    public static async Task<WriteOutcome> WriteAsync(HttpContext context, ResponseStream stream, long streamId, ResponseMode mode)
    {
        var ct = context.RequestAborted;
        var events = stream.Events;
        var sse = false;
        try
        {
            if (mode.Batch) return await BatchAsync(context, events, streamId, mode, ct);
            if (!await events.WaitToReadAsync(ct) || !events.TryRead(out var first)) return Nothing(context);
            if (!mode.Accept.EventStream)
            {
                // A JSON-only client cannot take notifications: skip to the answer.
                while (!first.Final)
                    if (!await events.WaitToReadAsync(ct) || !events.TryRead(out first)) return Nothing(context);
            }
            if (first.Final && mode.Accept.Json)
            {
                await WriteJsonAsync(context, first.Payload, mode.Modern ? StatusOf(first.Payload) : StatusCodes.Status200OK, ct);
                return new WriteOutcome(true, false);
            }
            StartEventStream(context, streamId, mode);
            sse = true;
            return await StreamAsync(context, events, first, mode, ct);
        }
        catch (OperationCanceledException)
        {
            return new WriteOutcome(false, sse && !mode.Modern);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection broke under a write.
            return new WriteOutcome(false, sse && !mode.Modern);
        }
    }

    /// <summary>The standalone GET stream (or a resumed one): SSE from the start; ends with the final message if any.</summary>
    public static async Task<WriteOutcome> ListenAsync(HttpContext context, ResponseStream stream)
    {
        var ct = context.RequestAborted;
        try
        {
            SetEventStreamHeaders(context);
            await context.Response.BodyWriter.FlushAsync(ct);
            var writer = context.Response.BodyWriter;
            var events = stream.Events;
            var unflushed = 0;
            while (await events.WaitToReadAsync(ct))
            {
                while (events.TryRead(out var item))
                {
                    SseEventWriter.WriteMessage(writer, item.Id, item.Payload);
                    unflushed += item.Payload.Length;
                    if (item.Final)
                    {
                        await writer.FlushAsync(ct);
                        return new WriteOutcome(true, true);
                    }
                    if (unflushed < FlushEveryBytes) continue;
                    await writer.FlushAsync(ct);
                    unflushed = 0;
                }
                if (unflushed == 0) continue;
                await writer.FlushAsync(ct);
                unflushed = 0;
            }
            return new WriteOutcome(false, true);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            return new WriteOutcome(false, true);
        }
    }

    private static async Task<WriteOutcome> StreamAsync(HttpContext context, ChannelReader<StreamEvent> events, StreamEvent item, ResponseMode mode,
        CancellationToken ct)
    {
        var writer = context.Response.BodyWriter;
        var unflushed = 0;
        while (true)
        {
            // 2026-07-28 streams are not resumable: no event ids, so clients do not try Last-Event-ID.
            SseEventWriter.WriteMessage(writer, mode.Modern ? null : item.Id, item.Payload);
            unflushed += item.Payload.Length;
            if (item.Final)
            {
                await writer.FlushAsync(ct);
                return new WriteOutcome(true, true);
            }
            if (unflushed < FlushEveryBytes && events.TryRead(out item)) continue;
            await writer.FlushAsync(ct);
            unflushed = 0;
            if (!events.TryRead(out item) && (!await events.WaitToReadAsync(ct) || !events.TryRead(out item))) return new WriteOutcome(false, true);
        }
    }

    private static async Task<WriteOutcome> BatchAsync(HttpContext context, ChannelReader<StreamEvent> events, long streamId, ResponseMode mode, CancellationToken ct)
    {
        var prefix = mode.Prefix ?? [];
        if (mode.Accept.EventStream)
        {
            StartEventStream(context, streamId, mode);
            foreach (var error in prefix) SseEventWriter.WriteMessage(context.Response.BodyWriter, null, error);
            if (!await events.WaitToReadAsync(ct) || !events.TryRead(out var first))
            {
                await context.Response.BodyWriter.FlushAsync(ct);
                return new WriteOutcome(false, true);
            }
            return await StreamAsync(context, events, first, mode, ct);
        }
        var answers = new List<byte[]>(prefix);
        await foreach (var item in events.ReadAllAsync(ct))
        {
            if (!item.Answer) continue;
            answers.Add(item.Payload);
            if (item.Final) break;
        }
        await WriteJsonAsync(context, JsonRpcCodec.SerializeBatch(answers), StatusCodes.Status200OK, ct);
        return new WriteOutcome(true, false);
    }

    private static void StartEventStream(HttpContext context, long streamId, ResponseMode mode)
    {
        SetEventStreamHeaders(context);
        if (mode.Priming) SseEventWriter.WritePriming(context.Response.BodyWriter, new SseEventId(streamId, 0));
    }

    private static void SetEventStreamHeaders(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static async Task WriteJsonAsync(HttpContext context, byte[] payload, int status, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload, ct);
    }

    /// <summary>The stream ended before any message (its request was dropped, or the session ended): nothing to say.</summary>
    private static WriteOutcome Nothing(HttpContext context)
    {
        if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status204NoContent;
        return new WriteOutcome(false, false);
    }

    /// <summary>2026-07-28 maps these errors onto the status line: the client's era detection reads it.</summary>
    private static int StatusOf(byte[] payload) => HttpErrors.ErrorCode(payload) switch
    {
        JsonRpcErrorCodes.MethodNotFound => StatusCodes.Status404NotFound,
        JsonRpcErrorCodes.HeaderMismatch or JsonRpcErrorCodes.MissingRequiredClientCapability
            or JsonRpcErrorCodes.UnsupportedProtocolVersion => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status200OK,
    };
}
