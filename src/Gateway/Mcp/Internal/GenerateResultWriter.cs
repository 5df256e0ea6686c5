using System.Globalization;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.JsonRpc.Internal;
using Nano.Gateway.Mcp.Tools.Internal;
using Newtonsoft.Json;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>
/// The response frame to a completed generate, written member by member into a pooled buffer: the same bytes as
/// serializing <c>McpResults.Finish(ToolResults.Generated(...))</c>, without building that JObject tree first
/// (the tree cost ~60 % of a one-token request's allocations). Every request ends here, so it is on the hot path.
/// </summary>
internal static class GenerateResultWriter
{
    public static byte[] Serialize(RequestId id, McpEra era, ServerIdentity server, string text, Completed done)
    {
        using var buffer = new PooledBufferWriter(1024);
        using (var utf8 = new Utf8BufferTextWriter(buffer))
        {
            using (var json = JsonRpcCodec.NewWriter(utf8))
            {
                json.WriteStartObject();
                json.WritePropertyName("jsonrpc");
                json.WriteValue(JsonRpcCodec.Version);
                JsonRpcWriter.WriteId(json, id);
                json.WritePropertyName("result");
                WriteResult(json, era, server, text, done);
                json.WriteEndObject();
                json.Flush();
            }
            utf8.Flush();
        }
        return buffer.ToArray();
    }

    /// <summary>ToolResults.Structured's shape, then McpResults.Finish's additions for the modern era.</summary>
    private static void WriteResult(JsonWriter json, McpEra era, ServerIdentity server, string text, Completed done)
    {
        json.WriteStartObject();
        json.WritePropertyName("content");
        json.WriteStartArray();
        WriteTextBlock(json, text);
        // Before 2025-06-18 there is no structuredContent: the same JSON follows as a second text block.
        if (!era.HasStructuredContent) WriteTextBlock(json, StructuredAsText(text, done));
        json.WriteEndArray();
        if (era.HasStructuredContent)
        {
            json.WritePropertyName("structuredContent");
            WriteStructured(json, text, done);
        }
        json.WritePropertyName("isError");
        json.WriteValue(false);
        if (era.IsModern)
        {
            json.WritePropertyName("resultType");
            json.WriteValue(McpResults.Complete);
            json.WritePropertyName("_meta");
            json.WriteStartObject();
            json.WritePropertyName(McpMethods.MetaServerInfo);
            json.WriteStartObject();
            Property(json, "name", server.Name);
            Property(json, "title", server.Title);
            Property(json, "version", server.Version);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>ToolResults.Generated's structured object: text, model, request id, finish reason, usage, origin, timings.</summary>
    private static void WriteStructured(JsonWriter json, string text, Completed done)
    {
        json.WriteStartObject();
        Property(json, "text", text);
        Property(json, "model", done.Origin.ModelId);
        Property(json, "request_id", done.RequestId);
        Property(json, "finish_reason", done.Reason == FinishReason.Length ? "length" : "stop");
        json.WritePropertyName("usage");
        json.WriteStartObject();
        Property(json, "prompt_tokens", done.Usage.PromptTokens);
        Property(json, "completion_tokens", done.Usage.CompletionTokens);
        Property(json, "total_tokens", done.Usage.TotalTokens);
        json.WriteEndObject();
        json.WritePropertyName("simulated");
        json.WriteValue(done.Origin.Simulated);
        json.WritePropertyName("origin");
        json.WriteStartObject();
        Property(json, "node", done.Origin.Node);
        Property(json, "runtime", done.Origin.Runtime);
        Property(json, "handle_id", done.Origin.HandleId);
        json.WriteEndObject();
        json.WritePropertyName("timings");
        json.WriteStartObject();
        Property(json, "ttft_ms", ToolResults.Round(done.TimeToFirstTokenMs));
        Property(json, "queue_wait_ms", ToolResults.Round(done.QueueWaitMs));
        if (done.Perf is { } perf)
        {
            Property(json, "prefill_ms", ToolResults.Round(perf.PrefillTimeMs));
            Property(json, "decode_tokens_per_second", ToolResults.Round(perf.DecodeTokensPerSecond));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>As JToken.ToString(Formatting.None) writes the structured object: a default compact JsonTextWriter.</summary>
    private static string StructuredAsText(string text, Completed done)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var json = new JsonTextWriter(writer) { Formatting = Formatting.None })
            WriteStructured(json, text, done);
        return writer.ToString();
    }

    private static void WriteTextBlock(JsonWriter json, string text)
    {
        json.WriteStartObject();
        Property(json, "type", "text");
        Property(json, "text", text);
        json.WriteEndObject();
    }

    private static void Property(JsonWriter json, string name, string? value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }

    // Integers go out as JValue writes them: as long.
    private static void Property(JsonWriter json, string name, long value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }

    private static void Property(JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }
}
