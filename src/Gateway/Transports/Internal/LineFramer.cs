using System.Buffers;

namespace Nano.Gateway.Transports.Internal;

/// <summary>
/// Newline-delimited JSON-RPC framing (the stdio binding's, reused by TCP): one message per line, '\r\n' tolerated,
/// blank lines skipped. A line longer than the limit is reported once as soon as it is seen, then skipped up to
/// the next newline, so the stream resynchronizes and memory stays bounded.
/// </summary>
internal sealed class LineFramer(int maxLineBytes)
{
    private bool _discarding;

    /// <summary>Cuts every complete line out of <paramref name="buffer"/>, leaving the unfinished rest in it.</summary>
    public void Process(ref ReadOnlySequence<byte> buffer, Action<ReadOnlySequence<byte>> onLine, Action<long> onOversize)
    {
        while (true)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                if (_discarding) buffer = buffer.Slice(buffer.End);
                else if (buffer.Length > maxLineBytes)
                {
                    onOversize(buffer.Length);
                    _discarding = true;
                    buffer = buffer.Slice(buffer.End);
                }
                return;
            }
            var line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            if (_discarding)
            {
                _discarding = false;
                continue;
            }
            if (line.Length > maxLineBytes)
            {
                onOversize(line.Length);
                continue;
            }
            Emit(line, onLine);
        }
    }

    /// <summary>The input ended: a last line without its newline is still a message.</summary>
    public void Finish(ReadOnlySequence<byte> rest, Action<ReadOnlySequence<byte>> onLine, Action<long> onOversize)
    {
        if (_discarding || rest.IsEmpty) return;
        if (rest.Length > maxLineBytes) onOversize(rest.Length);
        else Emit(rest, onLine);
    }

    private static void Emit(ReadOnlySequence<byte> line, Action<ReadOnlySequence<byte>> onLine)
    {
        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        if (IsBlank(line)) return;
        onLine(line);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
            foreach (var b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                    return false;
        return true;
    }
}
