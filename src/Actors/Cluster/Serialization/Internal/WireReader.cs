using System.Buffers.Binary;
using System.Text;

namespace Nano.Actors.Cluster.Serialization.Internal;

/// <summary>Reads what <see cref="WireWriter"/> wrote, in the same order; throws on truncated or malformed input.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> bytes)
{
    private ReadOnlySpan<byte> _rest = bytes;

    public bool AtEnd => _rest.IsEmpty;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"a boolean byte must be 0 or 1, not {b}"),
    };

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public int? Length()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte();
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (value == 0) return null;
                var length = value - 1;
                // Every element takes at least a byte: a larger count is corrupt (and must not size an allocation).
                return length <= (uint)_rest.Length ? (int)length : throw new FormatException($"length {length} exceeds the message");
            }
        }
        throw new FormatException("a length is longer than 5 bytes");
    }

    public string? String() => Length() is { } n ? Encoding.UTF8.GetString(Take(n)) : null;

    public string RequiredString() => String() ?? throw new FormatException("a required string is null");

    public byte[] Bytes() => Take(Length() ?? throw new FormatException("required bytes are null")).ToArray();

    public int[]? Int32s()
    {
        if (Length() is not { } n) return null;
        var values = new int[n];
        for (var i = 0; i < n; i++) values[i] = Int32();
        return values;
    }

    public float[]? Singles()
    {
        if (Length() is not { } n) return null;
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = Single();
        return values;
    }

    public int? NullableInt32() => Bool() ? Int32() : null;

    public float? NullableSingle() => Bool() ? Single() : null;

    public TimeSpan? NullableTime() => Bool() ? TimeSpan.FromTicks(Int64()) : null;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length) throw new FormatException($"the message ends {count - _rest.Length} bytes early");
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
