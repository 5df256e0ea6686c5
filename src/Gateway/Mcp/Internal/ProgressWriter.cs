using System.Buffers;
using System.Buffers.Text;
using Nano.Gateway.JsonRpc.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>
/// The hot path of streaming: one notifications/progress frame per token chunk, written from a prefix cached per
/// request (envelope, nano's request id, the client's progress token exactly as sent) plus the counter and the
/// escaped text. No JSON tree, no intermediate string.
/// </summary>
internal sealed class ProgressWriter
{
    private readonly byte[] _prefix;
    // Frames of one request are written one at a time on the session's thread.
    private readonly ArrayBufferWriter<byte> _scratch = new(256);

    public ProgressWriter(JToken progressToken, string runId)
    {
        var buffer = _scratch;
        JsonStringEscaper.WriteAscii(buffer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"_meta\":{\"");
        JsonStringEscaper.WriteAscii(buffer, McpMethods.MetaNanoRequestId);
        JsonStringEscaper.WriteAscii(buffer, "\":");
        JsonStringEscaper.WriteQuoted(buffer, runId);
        JsonStringEscaper.WriteAscii(buffer, "},\"progressToken\":");
        if (progressToken.Type == JTokenType.String) JsonStringEscaper.WriteQuoted(buffer, (string)progressToken!);
        else if (progressToken is JValue { Value: long number }) WriteInteger(buffer, number);
        else JsonStringEscaper.WriteAscii(buffer, progressToken.ToString(Newtonsoft.Json.Formatting.None));
        JsonStringEscaper.WriteAscii(buffer, ",\"progress\":");
        _prefix = buffer.WrittenSpan.ToArray();
    }

    /// <summary>One frame; the only allocation is the returned array (the scratch buffer is reused per request).</summary>
    public byte[] Frame(long progress, string message)
    {
        _scratch.ResetWrittenCount();
        _scratch.Write(_prefix);
        WriteInteger(_scratch, progress);
        JsonStringEscaper.WriteAscii(_scratch, ",\"message\":");
        JsonStringEscaper.WriteQuoted(_scratch, message);
        JsonStringEscaper.WriteAscii(_scratch, "}}");
        return _scratch.WrittenSpan.ToArray();
    }

    private static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        Utf8Formatter.TryFormat(value, output.GetSpan(20), out var written);
        output.Advance(written);
    }
}
