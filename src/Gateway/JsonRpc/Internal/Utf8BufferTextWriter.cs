using System.Buffers;
using System.Text;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>
/// A TextWriter that encodes straight into an <see cref="IBufferWriter{T}"/> as UTF-8, so Newtonsoft's JsonTextWriter
/// can serialize into pooled or pipe memory without an intermediate string. Lone surrogates become U+FFFD.
/// </summary>
internal sealed class Utf8BufferTextWriter(IBufferWriter<byte> output) : TextWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly Encoder _encoder = Utf8.GetEncoder();

    public override Encoding Encoding => Utf8;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value)
    {
        if (value is not null) Write(value.AsSpan());
    }

    public override void Write(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            // Bounded chunks keep the requested span small; the encoder carries a split surrogate pair across calls.
            var take = Math.Min(chars.Length, 4096);
            var span = output.GetSpan(Utf8.GetMaxByteCount(take));
            _encoder.Convert(chars[..take], span, flush: false, out var used, out var bytes, out _);
            output.Advance(bytes);
            chars = chars[used..];
        }
    }

    public override void Flush()
    {
        var span = output.GetSpan(8);
        _encoder.Convert(ReadOnlySpan<char>.Empty, span, flush: true, out _, out var bytes, out _);
        output.Advance(bytes);
    }
}
