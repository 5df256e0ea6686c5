using System.Buffers;
using System.Text;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>
/// Writes a JSON string literal as UTF-8 straight into a buffer: quotes, backslashes and control characters
/// escaped (so a frame never holds a raw newline), everything else encoded as is; lone surrogates become U+FFFD.
/// With <c>asNewtonsoft</c> it also escapes U+0085, U+2028 and U+2029, which makes it write exactly what
/// Newtonsoft's JsonTextWriter (default escaping) writes.
/// </summary>
internal static class JsonStringEscaper
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static void WriteQuoted(IBufferWriter<byte> output, ReadOnlySpan<char> text, bool asNewtonsoft = false)
    {
        WriteAscii(output, "\"");
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c != '"' && c != '\\' && !(asNewtonsoft && c is '\u0085' or '\u2028' or '\u2029')) continue;
            WriteRun(output, text[start..i]);
            WriteAscii(output, c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ => $"\\u{(int)c:x4}",
            });
            start = i + 1;
        }
        WriteRun(output, text[start..]);
        WriteAscii(output, "\"");
    }

    public static void WriteAscii(IBufferWriter<byte> output, string ascii)
    {
        var span = output.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        output.Advance(ascii.Length);
    }

    private static void WriteRun(IBufferWriter<byte> output, ReadOnlySpan<char> run)
    {
        if (run.IsEmpty) return;
        var span = output.GetSpan(Utf8.GetMaxByteCount(run.Length));
        output.Advance(Utf8.GetBytes(run, span));
    }
}
