using System.Buffers.Binary;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// One end of the stream socket, framed. Sends come from several threads (replies, callbacks, aborts) and are
/// serialised; reads come from a single reader thread.
/// </summary>
internal sealed class FrameConnection(Stream stream) : IDisposable
{
    private readonly Lock sendLock = new();
    private readonly byte[] header = new byte[4];
    private byte[] body = new byte[4096];

    public void Send(FrameWriter frame)
    {
        var bytes = frame.Complete();
        lock (sendLock) stream.Write(bytes);
    }

    /// <summary>
    /// Blocks for the next frame: its type and body (valid until the next call). False at end of stream.
    /// </summary>
    public bool TryRead(out MessageType type, out ReadOnlyMemory<byte> frameBody)
    {
        type = default;
        frameBody = default;
        if (!Fill(header)) return false;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > Protocol.MaxFrameBytes)
            throw new ProtocolException($"bad frame length {length}");
        if (body.Length < length) body = new byte[Math.Max(length, body.Length * 2)];
        if (!Fill(body.AsSpan(0, length))) throw new ProtocolException("stream ended inside a frame");
        type = (MessageType)body[0];
        frameBody = body.AsMemory(1, length - 1);
        return true;
    }

    /// <summary>Closes both directions: the peer's reader sees end of stream, ours fails out of its read.</summary>
    public void Dispose() => stream.Dispose();

    private bool Fill(Span<byte> target)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = stream.Read(target[read..]);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new ProtocolException("stream ended inside a frame");
            }
            read += n;
        }
        return true;
    }
}
