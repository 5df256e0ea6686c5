using System.Text.Json;

namespace Nano.LoadGen.Internal.Json;

/// <summary>The usage object of MCP generate results and OpenAI responses alike.</summary>
internal static class Usage
{
    /// <summary>completion_tokens of the usage object the reader is on (0 if absent); leaves the reader on its end.</summary>
    public static long CompletionTokens(ref Utf8JsonReader r)
    {
        long tokens = 0;
        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return 0; }
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = r.ValueTextEquals("completion_tokens"u8);
            r.Read();
            if (wanted && r.TokenType == JsonTokenType.Number) r.TryGetInt64(out tokens);
            else r.Skip();
        }
        return tokens;
    }
}
