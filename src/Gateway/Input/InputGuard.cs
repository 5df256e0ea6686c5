using System.Text;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting;

namespace Nano.Gateway.Input;

/// <summary>
/// The checks of <see cref="InputLimits"/>, shared by the MCP binder, the OpenAI binder and the Ollama endpoints so a
/// limit means the same on every front door. Each returns null when the input is within the limit.
/// </summary>
internal sealed class InputGuard(InputLimits limits)
{
    private const string Prefix = "nano.gateway.input.";

    public LimitViolation? Messages(int count, string param = "messages") => count <= limits.MaxMessages ? null
        : new(Prefix + "max-messages", limits.MaxMessages, count,
            $"'{param}' holds {count} entries; at most {limits.MaxMessages} are accepted (nano.gateway.input.max-messages)", param, "array_above_max_length");

    public LimitViolation? Text(string? text, string param)
    {
        if (text is null || text.Length * 3L <= limits.MaxPromptBytes) return null; // cheap: a char is at most 3 UTF-8 bytes
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes <= limits.MaxPromptBytes ? null
            : new(Prefix + "max-prompt-bytes", limits.MaxPromptBytes, bytes,
                $"'{param}' is {bytes} UTF-8 bytes; at most {limits.MaxPromptBytes} are accepted (nano.gateway.input.max-prompt-bytes)", param, "string_above_max_length");
    }

    /// <summary>
    /// Whether the prompt can fit the model's context at all: at least bytes / context-bytes-per-token tokens, plus
    /// the image tokens (exact). The runtime still refuses what passes here and does not fit after all.
    /// </summary>
    public LimitViolation? Context(ModelDefinition? model, string prompt, string param, int imageTokens = 0)
    {
        if (model is null) return null; // the pool answers MODEL_NOT_FOUND
        var bytes = Encoding.UTF8.GetByteCount(prompt);
        var tokens = (bytes + (long)limits.ContextBytesPerToken - 1) / limits.ContextBytesPerToken + imageTokens;
        return tokens <= model.MaxContextLen ? null
            : new("max_context_len", model.MaxContextLen, tokens,
                $"the prompt needs at least {tokens} tokens{(imageTokens > 0 ? $" ({imageTokens} for images)" : "")} but model '{model.Name}' "
                + $"has a context of {model.MaxContextLen} (max_context_len); shorten it", param, "context_length_exceeded") { Model = model.Name };
    }

    /// <summary>max_tokens beyond the model's context can never be generated: refused rather than silently cut.</summary>
    public LimitViolation? MaxTokens(ModelDefinition? model, long? maxTokens, string param) =>
        model is null || maxTokens is null || maxTokens <= model.MaxContextLen ? null
            : new("max_context_len", model.MaxContextLen, maxTokens.Value,
                $"'{param}' is {maxTokens} but model '{model.Name}' has a context of {model.MaxContextLen} tokens (max_context_len)", param) { Model = model.Name };

    public LimitViolation? Tools(int count, string param = "tools") => count <= limits.MaxTools ? null
        : new(Prefix + "max-tools", limits.MaxTools, count,
            $"'{param}' holds {count} tools; at most {limits.MaxTools} are accepted (nano.gateway.input.max-tools)", param, "array_above_max_length");

    public LimitViolation? Images(int count, string param) => count <= limits.MaxImages ? null
        : new(Prefix + "max-images", limits.MaxImages, count,
            $"the request holds {count} images; at most {limits.MaxImages} are accepted (nano.gateway.input.max-images)", param, "array_above_max_length");

    /// <summary>The decoded size of base64 text, bounded from its length before anything is decoded.</summary>
    public LimitViolation? ImageBase64(ReadOnlySpan<char> base64, string param)
    {
        var decoded = DecodedLength(base64);
        return decoded <= limits.MaxImageBytes ? null
            : new(Prefix + "max-image-bytes", limits.MaxImageBytes, decoded,
                $"'{param}' decodes to {decoded} bytes; at most {limits.MaxImageBytes} are accepted per image (nano.gateway.input.max-image-bytes)", param);
    }

    public LimitViolation? StopSequences(IReadOnlyList<string> stops, string param = "stop")
    {
        if (stops.Count > limits.MaxStopSequences)
            return new(Prefix + "max-stop-sequences", limits.MaxStopSequences, stops.Count,
                $"'{param}' holds {stops.Count} sequences; at most {limits.MaxStopSequences} are accepted (nano.gateway.input.max-stop-sequences)", param,
                "array_above_max_length");
        var longest = stops.Count == 0 ? 0 : stops.Max(s => s.Length);
        return longest <= limits.MaxStopSequenceChars ? null
            : new(Prefix + "max-stop-sequence-chars", limits.MaxStopSequenceChars, longest,
                $"a '{param}' sequence is {longest} characters; at most {limits.MaxStopSequenceChars} are accepted (nano.gateway.input.max-stop-sequence-chars)",
                param, "string_above_max_length");
    }

    /// <summary>Bytes base64 text decodes to at most (whitespace, which the decoder skips, only makes this larger).</summary>
    internal static long DecodedLength(ReadOnlySpan<char> base64)
    {
        var length = (long)base64.Length;
        var padding = base64.EndsWith("==") ? 2 : base64.EndsWith("=") ? 1 : 0;
        return Math.Max(0, (length + 3) / 4 * 3 - padding);
    }
}
