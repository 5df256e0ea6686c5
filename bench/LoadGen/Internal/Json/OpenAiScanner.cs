using System.Text.Json;

namespace Nano.LoadGen.Internal.Json;

/// <summary>What the load generator needs from an OpenAI chat completion or one of its stream chunks.</summary>
internal struct OpenAiMessage
{
    /// <summary>A chunk whose choices[].delta.content is a non-empty string: one streamed token event.</summary>
    public bool HasContent;
    public bool HasUsage;
    public long CompletionTokens;
    /// <summary>An error object (an error event mid-stream).</summary>
    public bool HasError;
}

/// <summary>Scans a completion body or an SSE chunk forward-only, as <see cref="RpcScanner"/> does for JSON-RPC.</summary>
internal static class OpenAiScanner
{
    public static bool TryScan(ReadOnlySpan<byte> json, out OpenAiMessage message)
    {
        message = default;
        var r = new Utf8JsonReader(json);
        try
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("choices"u8)) { r.Read(); Choices(ref r, ref message); }
                else if (r.ValueTextEquals("usage"u8))
                {
                    r.Read();
                    message.HasUsage = r.TokenType == JsonTokenType.StartObject;
                    message.CompletionTokens = Usage.CompletionTokens(ref r);
                }
                else if (r.ValueTextEquals("error"u8)) { r.Read(); message.HasError = r.TokenType != JsonTokenType.Null; r.Skip(); }
                else { r.Read(); r.Skip(); }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Choices(ref Utf8JsonReader r, ref OpenAiMessage m)
    {
        if (r.TokenType != JsonTokenType.StartArray) { r.Skip(); return; }
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("delta"u8)) { r.Read(); Delta(ref r, ref m); }
                else { r.Read(); r.Skip(); }
            }
        }
    }

    private static void Delta(ref Utf8JsonReader r, ref OpenAiMessage m)
    {
        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var content = r.ValueTextEquals("content"u8);
            r.Read();
            if (content && r.TokenType == JsonTokenType.String) m.HasContent |= r.ValueSpan.Length > 0;
            else r.Skip();
        }
    }
}
