using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Nano.Actors.Cluster.Serialization.Internal;

/// <summary>
/// Little-endian binary fields into a growing buffer: fixed-width numbers, 7-bit lengths, UTF-8 strings and
/// arrays that may be null (length -1). One writer per message; <see cref="ToArray"/> gives the bytes.
/// </summary>
internal sealed class WireWriter(int capacity = 128)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(capacity);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Single(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>A length or count: 7 bits per byte; -1 (null) is written as 0, any n ≥ 0 as n + 1.</summary>
    public void Length(int? length)
    {
        var value = length is { } n ? (uint)n + 1 : 0u;
        var span = _buffer.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void String(string? value)
    {
        if (value is null)
        {
            Length(null);
            return;
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        Length(bytes);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(bytes)));
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Length(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    public void Int32s(int[]? values)
    {
        Length(values?.Length);
        foreach (var v in values ?? []) Int32(v);
    }

    public void Singles(float[]? values)
    {
        Length(values?.Length);
        foreach (var v in values ?? []) Single(v);
    }

    public void NullableInt32(int? value)
    {
        Bool(value.HasValue);
        if (value is { } v) Int32(v);
    }

    public void NullableSingle(float? value)
    {
        Bool(value.HasValue);
        if (value is { } v) Single(v);
    }

    /// <summary>A TimeSpan as its ticks (exact).</summary>
    public void NullableTime(TimeSpan? value)
    {
        Bool(value.HasValue);
        if (value is { } v) Int64(v.Ticks);
    }
}
