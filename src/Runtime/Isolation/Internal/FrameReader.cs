using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>Reads the fields of one frame body in the order <see cref="FrameWriter"/> wrote them.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> body = body;
    private int position;

    public bool AtEnd => position == body.Length;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() != 0;

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public string? String()
    {
        var count = Int32();
        return count < 0 ? null : Encoding.UTF8.GetString(Take(count));
    }

    public string RequiredString() => String() ?? throw new ProtocolException("unexpected null string");

    public float[]? Floats()
    {
        var count = Int32();
        if (count < 0) return null;
        var values = new float[count];
        Take(checked(count * sizeof(float))).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public int[]? Ints()
    {
        var count = Int32();
        if (count < 0) return null;
        var values = new int[count];
        Take(checked(count * sizeof(int))).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > body.Length - position)
            throw new ProtocolException($"frame truncated: wanted {count} bytes at {position} of {body.Length}");
        var span = body.Slice(position, count);
        position += count;
        return span;
    }
}

/// <summary>The peer sent something this side cannot decode.</summary>
internal sealed class ProtocolException(string message) : Exception(message);
