using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// Builds one frame: a little-endian int32 length of what follows, the message type, then the fields.
/// One cached writer per thread, so the token path allocates nothing once warm.
/// </summary>
internal sealed class FrameWriter
{
    [ThreadStatic] private static FrameWriter? cached;

    private byte[] buffer = new byte[256];
    private int length;

    public static FrameWriter Start(MessageType type)
    {
        var writer = cached ??= new FrameWriter();
        writer.length = 0;
        writer.Int32(0);
        return writer.Byte((byte)type);
    }

    /// <summary>The finished frame with its length patched in; valid until this thread starts another frame.</summary>
    public ReadOnlySpan<byte> Complete()
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer, length - 4);
        return buffer.AsSpan(0, length);
    }

    public FrameWriter Byte(byte value)
    {
        Grow(1)[0] = value;
        return this;
    }

    public FrameWriter Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public FrameWriter Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Grow(4), value);
        return this;
    }

    public FrameWriter Single(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(Grow(4), value);
        return this;
    }

    /// <summary>UTF-8 with an int32 byte count; -1 stands for null.</summary>
    public FrameWriter String(string? value)
    {
        if (value is null) return Int32(-1);
        var count = Encoding.UTF8.GetByteCount(value);
        Int32(count);
        Encoding.UTF8.GetBytes(value, Grow(count));
        return this;
    }

    /// <summary>Raw little-endian floats (every target is little-endian) with an int32 count; -1 stands for null.</summary>
    public FrameWriter Floats(ReadOnlySpan<float> values, bool isNull = false)
    {
        if (isNull) return Int32(-1);
        Int32(values.Length);
        MemoryMarshal.AsBytes(values).CopyTo(Grow(values.Length * sizeof(float)));
        return this;
    }

    public FrameWriter Ints(ReadOnlySpan<int> values, bool isNull = false)
    {
        if (isNull) return Int32(-1);
        Int32(values.Length);
        MemoryMarshal.AsBytes(values).CopyTo(Grow(values.Length * sizeof(int)));
        return this;
    }

    private Span<byte> Grow(int count)
    {
        if (length + count > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }
}
