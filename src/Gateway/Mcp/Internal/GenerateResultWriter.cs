using System.Buffers;
using System.Globalization;
using System.Text;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.JsonRpc.Internal;
using Nano.Gateway.Mcp.Tools.Internal;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>
/// The response frame to a completed generate, written as UTF-8 straight into a pooled buffer: the same bytes as
/// serializing <c>McpResults.Finish(ToolResults.Generated(...))</c> with the codec (Newtonsoft's escaping and number
/// format), without building that JObject tree (~60 % of a one-token request's allocations) or going through a
/// JsonTextWriter. Every request ends here, so it is on the hot path.
/// </summary>
internal static class GenerateResultWriter
{
    public static byte[] Serialize(RequestId id, McpEra era, ServerIdentity server, string text, Completed done)
    {
        using var buffer = new PooledBufferWriter(1024);
        Ascii(buffer, "{\"jsonrpc\":\"2.0\",\"id\":");
        if (id.IsString) String(buffer, id.AsString);
        else Integer(buffer, id.AsNumber);
        Ascii(buffer, ",\"result\":{\"content\":[");
        TextBlock(buffer, text);
        if (era.HasStructuredContent)
        {
            Ascii(buffer, "],\"structuredContent\":");
            Structured(buffer, text, done);
        }
        else
        {
            // Before 2025-06-18 there is no structuredContent: the same JSON follows as a second text block.
            Ascii(buffer, ",");
            TextBlock(buffer, StructuredAsText(text, done));
            Ascii(buffer, "]");
        }
        Ascii(buffer, ",\"isError\":false");
        if (era.IsModern)
        {
            Ascii(buffer, ",\"resultType\":\"complete\",\"_meta\":{\"" + McpMethods.MetaServerInfo + "\":{\"name\":");
            String(buffer, server.Name);
            Ascii(buffer, ",\"title\":");
            String(buffer, server.Title);
            Ascii(buffer, ",\"version\":");
            String(buffer, server.Version);
            Ascii(buffer, "}}");
        }
        Ascii(buffer, "}}");
        return buffer.ToArray();
    }

    /// <summary>ToolResults.Generated's structured object: text, model, request id, finish reason, usage, origin, timings.</summary>
    private static void Structured(IBufferWriter<byte> output, string text, Completed done)
    {
        Ascii(output, "{\"text\":");
        String(output, text);
        Ascii(output, ",\"model\":");
        String(output, done.Origin.ModelId);
        Ascii(output, ",\"request_id\":");
        String(output, done.RequestId);
        Ascii(output, done.Reason == FinishReason.Length ? ",\"finish_reason\":\"length\"" : ",\"finish_reason\":\"stop\"");
        Ascii(output, ",\"usage\":{\"prompt_tokens\":");
        Integer(output, done.Usage.PromptTokens);
        Ascii(output, ",\"completion_tokens\":");
        Integer(output, done.Usage.CompletionTokens);
        Ascii(output, ",\"total_tokens\":");
        Integer(output, done.Usage.TotalTokens);
        Ascii(output, done.Origin.Simulated ? "},\"simulated\":true,\"origin\":{\"node\":" : "},\"simulated\":false,\"origin\":{\"node\":");
        String(output, done.Origin.Node);
        Ascii(output, ",\"runtime\":");
        String(output, done.Origin.Runtime);
        Ascii(output, ",\"handle_id\":");
        Integer(output, done.Origin.HandleId);
        Ascii(output, "},\"timings\":{\"ttft_ms\":");
        Number(output, ToolResults.Round(done.TimeToFirstTokenMs));
        Ascii(output, ",\"queue_wait_ms\":");
        Number(output, ToolResults.Round(done.QueueWaitMs));
        if (done.Perf is { } perf)
        {
            Ascii(output, ",\"prefill_ms\":");
            Number(output, ToolResults.Round(perf.PrefillTimeMs));
            Ascii(output, ",\"decode_tokens_per_second\":");
            Number(output, ToolResults.Round(perf.DecodeTokensPerSecond));
        }
        Ascii(output, "}}");
    }

    /// <summary>The structured object as the text JToken.ToString(Formatting.None) gives (legacy revisions only).</summary>
    private static string StructuredAsText(string text, Completed done)
    {
        using var inner = new PooledBufferWriter(512);
        Structured(inner, text, done);
        return Encoding.UTF8.GetString(inner.WrittenSpan);
    }

    private static void TextBlock(IBufferWriter<byte> output, string text)
    {
        Ascii(output, "{\"type\":\"text\",\"text\":");
        String(output, text);
        Ascii(output, "}");
    }

    private static void Ascii(IBufferWriter<byte> output, string ascii) => JsonStringEscaper.WriteAscii(output, ascii);

    private static void String(IBufferWriter<byte> output, string? value)
    {
        if (value is null) Ascii(output, "null");
        else JsonStringEscaper.WriteQuoted(output, value, asNewtonsoft: true);
    }

    private static void Integer(IBufferWriter<byte> output, long value)
    {
        value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>Newtonsoft's double: round-trip ("R") digits, with ".0" added when they show neither a point nor an exponent.</summary>
    private static void Number(IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(40);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        if (span[..written].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0 && double.IsFinite(value))
        {
            span[written++] = (byte)'.';
            span[written++] = (byte)'0';
        }
        output.Advance(written);
    }
}
