using System.Buffers;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// Lines out of a byte source (a TCP socket, an SSE response stream) in one pooled buffer that grows only for a
/// longer line. A returned line stays valid until the next read; "\r\n" loses its "\r".
/// </summary>
internal sealed class LineReader(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, int initialSize = 16 * 1024) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    private int _start, _end;

    /// <summary>The next line, or null at the end of the source (a last line without a newline still counts).</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                return line.Span is [.., (byte)'\r'] ? line[..^1] : line;
            }
            MakeRoom();
            var read1 = await read(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (read1 == 0)
            {
                if (_start == _end) return null;
                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return last;
            }
            _end += read1;
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }
        if (_end == _buffer.Length) PooledBytes.Grow(ref _buffer, _end);
    }

    public void Dispose() => PooledBytes.Return(ref _buffer);
}
