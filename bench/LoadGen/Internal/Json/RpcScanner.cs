using System.Text.Json;

namespace Nano.LoadGen.Internal.Json;

/// <summary>
/// Finds id, method, progressToken, error code and usage in a JSON-RPC message with a forward-only Utf8JsonReader
/// over the received bytes: no string, no tree, whatever the message's size (content text is skipped).
/// </summary>
internal static class RpcScanner
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 128 };

    public static bool TryScan(ReadOnlySpan<byte> json, out RpcMessage message)
    {
        message = default;
        var r = new Utf8JsonReader(json, Options);
        try
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("id"u8))
                {
                    r.Read();
                    message.HasId = r.TokenType == JsonTokenType.Number && r.TryGetInt64(out message.Id);
                }
                else if (r.ValueTextEquals("method"u8))
                {
                    r.Read();
                    message.IsProgress = r.TokenType == JsonTokenType.String && r.ValueTextEquals("notifications/progress"u8);
                }
                else if (r.ValueTextEquals("params"u8)) { r.Read(); Params(ref r, ref message); }
                else if (r.ValueTextEquals("result"u8)) { r.Read(); message.HasResult = true; Result(ref r, ref message); }
                else if (r.ValueTextEquals("error"u8)) { r.Read(); message.HasError = true; Error(ref r, ref message.ErrorCode, ref message); }
                else { r.Read(); r.Skip(); }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Params(ref Utf8JsonReader r, ref RpcMessage m)
    {
        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var token = r.ValueTextEquals("progressToken"u8);
            r.Read();
            if (token && r.TokenType == JsonTokenType.Number) m.HasProgressToken = r.TryGetInt64(out m.ProgressToken);
            else r.Skip();
        }
    }

    private static void Result(ref Utf8JsonReader r, ref RpcMessage m)
    {
        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("isError"u8)) { r.Read(); m.IsToolError = r.TokenType == JsonTokenType.True; }
            else if (r.ValueTextEquals("structuredContent"u8)) { r.Read(); Structured(ref r, ref m); }
            else { r.Read(); r.Skip(); }
        }
    }

    private static void Structured(ref Utf8JsonReader r, ref RpcMessage m)
    {
        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("usage"u8)) { r.Read(); m.CompletionTokens = Usage.CompletionTokens(ref r); }
            else if (r.ValueTextEquals("error"u8)) { r.Read(); Error(ref r, ref m.ToolErrorCode, ref m); }
            else { r.Read(); r.Skip(); }
        }
    }

    /// <summary>A JSON-RPC error object, or a tool result's structured error: code, and retry_after_ms here or in data.</summary>
    private static void Error(ref Utf8JsonReader r, ref int code, ref RpcMessage m)
    {
        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("code"u8)) { r.Read(); if (r.TokenType == JsonTokenType.Number) r.TryGetInt32(out code); }
            else if (r.ValueTextEquals("retry_after_ms"u8)) { r.Read(); m.RetryAfter = true; r.Skip(); }
            else if (r.ValueTextEquals("data"u8)) { r.Read(); var ignored = 0; Error(ref r, ref ignored, ref m); }
            else { r.Read(); r.Skip(); }
        }
    }
}
