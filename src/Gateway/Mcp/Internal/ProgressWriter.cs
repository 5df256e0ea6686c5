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

    public ProgressWriter(JToken progressToken, string runId)
    {
        using var buffer = new PooledBufferWriter(128);
        JsonStringEscaper.WriteAscii(buffer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"_meta\":{\"");
        JsonStringEscaper.WriteAscii(buffer, McpMethods.MetaNanoRequestId);
        JsonStringEscaper.WriteAscii(buffer, "\":");
        JsonStringEscaper.WriteQuoted(buffer, runId);
        JsonStringEscaper.WriteAscii(buffer, "},\"progressToken\":");
        if (progressToken.Type == JTokenType.String) JsonStringEscaper.WriteQuoted(buffer, (string)progressToken!);
        else JsonStringEscaper.WriteAscii(buffer, progressToken.ToString(Newtonsoft.Json.Formatting.None));
        JsonStringEscaper.WriteAscii(buffer, ",\"progress\":");
        _prefix = buffer.ToArray();
    }

    public byte[] Frame(long progress, string message)
    {
        using var buffer = new PooledBufferWriter(_prefix.Length + message.Length * 3 + 48);
        buffer.Write(_prefix);
        Utf8Formatter.TryFormat(progress, buffer.GetSpan(20), out var written);
        buffer.Advance(written);
        JsonStringEscaper.WriteAscii(buffer, ",\"message\":");
        JsonStringEscaper.WriteQuoted(buffer, message);
        JsonStringEscaper.WriteAscii(buffer, "}}");
        return buffer.ToArray();
    }
}
