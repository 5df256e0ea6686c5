using System.Buffers;
using System.IO.Pipelines;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// Writes Server-Sent Events straight into the response pipe: the JSON-RPC payload is copied once, as the core
/// serialized it, between a few constant bytes. The caller flushes (once per burst of queued events).
/// </summary>
internal static class SseEventWriter
{
    private static ReadOnlySpan<byte> Id => "id: "u8;
    private static ReadOnlySpan<byte> MessageData => "\nevent: message\ndata: "u8;
    private static ReadOnlySpan<byte> Data => "data: "u8;
    private static ReadOnlySpan<byte> EmptyData => "\ndata: \n\n"u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    /// <summary>A message event. Compact JSON has no raw line breaks; should one occur it is split over data lines.</summary>
    public static void WriteMessage(PipeWriter writer, SseEventId? id, ReadOnlySpan<byte> payload)
    {
        if (id is { } eventId)
        {
            writer.Write(Id);
            var span = writer.GetSpan(SseEventId.MaxLength);
            writer.Advance(eventId.Format(span));
            writer.Write(MessageData);
        }
        else
        {
            writer.Write("event: message\ndata: "u8);
        }
        while (payload.IndexOfAny((byte)'\n', (byte)'\r') is var brk and >= 0)
        {
            writer.Write(payload[..brk]);
            writer.Write("\n"u8);
            writer.Write(Data);
            payload = payload[(brk + 1)..];
        }
        writer.Write(payload);
        writer.Write(EventEnd);
    }

    /// <summary>An event with an id and empty data: gives the client a Last-Event-ID before any message (2025-11-25).</summary>
    public static void WritePriming(PipeWriter writer, SseEventId id)
    {
        writer.Write(Id);
        var span = writer.GetSpan(SseEventId.MaxLength);
        writer.Advance(id.Format(span));
        writer.Write(EmptyData);
    }
}
