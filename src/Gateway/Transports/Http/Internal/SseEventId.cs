using System.Buffers.Text;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// An SSE event id, <c>{stream}-{sequence}</c>: unique across a session's streams and naming the stream it belongs to,
/// so a <c>Last-Event-ID</c> says which stream to resume and from where (2025-11-25 "Resumability and Redelivery").
/// Sequence 0 is the priming event sent before any message.
/// </summary>
internal readonly record struct SseEventId(long Stream, long Sequence)
{
    /// <summary>Longest text form: two 19-digit numbers and the dash.</summary>
    public const int MaxLength = 39;

    public static bool TryParse(string? text, out SseEventId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return false;
        var dash = text.IndexOf('-');
        if (dash <= 0 || !long.TryParse(text.AsSpan(0, dash), out var stream) || !long.TryParse(text.AsSpan(dash + 1), out var seq)
            || stream < 0 || seq < 0) return false;
        id = new SseEventId(stream, seq);
        return true;
    }

    public int Format(Span<byte> destination)
    {
        Utf8Formatter.TryFormat(Stream, destination, out var n);
        destination[n++] = (byte)'-';
        Utf8Formatter.TryFormat(Sequence, destination[n..], out var m);
        return n + m;
    }

    public override string ToString() => $"{Stream}-{Sequence}";
}
