using System.Buffers;
using System.Globalization;
using Nano.Gateway.JsonRpc.Internal;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>JSON fragments written as Newtonsoft's JsonTextWriter writes them (its default string escaping).</summary>
internal static class Utf8
{
    public static void Ascii(IBufferWriter<byte> output, string ascii) => JsonStringEscaper.WriteAscii(output, ascii);

    public static void String(IBufferWriter<byte> output, string? value)
    {
        if (value is null) Ascii(output, "null");
        else JsonStringEscaper.WriteQuoted(output, value, asNewtonsoft: true);
    }

    public static void Integer(IBufferWriter<byte> output, long value)
    {
        value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }
}
