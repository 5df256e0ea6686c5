using System.Buffers;
using Nano.Actors.Protocol;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// OpenAI response objects, written as UTF-8 straight into the response: the same bytes a JObject tree serialized by
/// Newtonsoft gave (member order, escaping), without building one per chunk. A text chunk, the one written per token,
/// is a cached prefix (everything up to the delta's content), the escaped text and a constant suffix. Output of a
/// simulated runtime is marked: <c>system_fingerprint</c> "nano-simulated" and <c>nano.simulated</c> true (the
/// <c>nano</c> extension also names the node and runtime). Never presented as real.
/// </summary>
internal sealed class Responses(OpenAiRequest request, string requestId)
{
    private bool? _simulated;
    private RunOrigin? _origin;
    private byte[]? _textPrefix;
    private byte[]? _textSuffix;

    public string Id => (request.Chat ? "chatcmpl-" : "cmpl-") + requestId;
    public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Known once the first answer arrives (every chunk of a run comes from the same runtime).</summary>
    public bool? Simulated
    {
        get => _simulated;
        set { _simulated = value; _textPrefix = null; }
    }

    public RunOrigin? Origin
    {
        get => _origin;
        set { _origin = value; _textPrefix = null; }
    }

    private string ChunkKind => request.Chat ? "chat.completion.chunk" : "text_completion";

    public void Complete(IBufferWriter<byte> output, string text, IReadOnlyList<ToolCall> calls, string finish, Usage usage)
    {
        Envelope(output, request.Chat ? "chat.completion" : "text_completion");
        Utf8.Ascii(output, "\"choices\":[{\"index\":0,");
        if (request.Chat)
        {
            Utf8.Ascii(output, "\"message\":{\"role\":\"assistant\",\"content\":");
            Utf8.String(output, calls.Count > 0 && text.Length == 0 ? null : text);
            if (calls.Count > 0)
            {
                Utf8.Ascii(output, ",");
                ToolCalls(output, calls, null);
            }
            Utf8.Ascii(output, "},");
        }
        else
        {
            Utf8.Ascii(output, "\"text\":");
            Utf8.String(output, text);
            Utf8.Ascii(output, ",");
        }
        Utf8.Ascii(output, "\"logprobs\":null,\"finish_reason\":");
        Utf8.String(output, finish);
        Utf8.Ascii(output, "}],\"usage\":");
        UsageJson(output, usage);
        Utf8.Ascii(output, "}");
    }

    /// <summary>The per-token chunk: only the text differs from one to the next.</summary>
    public void TextChunk(IBufferWriter<byte> output, string text)
    {
        if (_textPrefix is null)
        {
            using var prefix = new JsonRpc.Internal.PooledBufferWriter(256);
            Envelope(prefix, ChunkKind);
            Utf8.Ascii(prefix, request.Chat ? "\"choices\":[{\"index\":0,\"delta\":{\"content\":" : "\"choices\":[{\"index\":0,\"text\":");
            _textPrefix = prefix.ToArray();
        }
        _textSuffix ??= System.Text.Encoding.ASCII.GetBytes((request.Chat ? "}," : ",") + "\"logprobs\":null,\"finish_reason\":null}]"
            + (request.IncludeUsage ? ",\"usage\":null}" : "}"));
        output.Write(_textPrefix);
        Utf8.String(output, text);
        output.Write(_textSuffix);
    }

    /// <summary>A streamed chunk: text and/or tool calls, or the last one with its finish reason.</summary>
    public void Chunk(IBufferWriter<byte> output, string? text, IReadOnlyList<ToolCall>? calls = null, string? finish = null, bool first = false, int callIndex = 0)
    {
        Envelope(output, ChunkKind);
        Utf8.Ascii(output, "\"choices\":[{\"index\":0,");
        if (request.Chat)
        {
            Utf8.Ascii(output, "\"delta\":{");
            var separator = "";
            if (first)
            {
                Utf8.Ascii(output, "\"role\":\"assistant\"");
                separator = ",";
            }
            if (text is not null)
            {
                Utf8.Ascii(output, separator + "\"content\":");
                Utf8.String(output, text);
                separator = ",";
            }
            if (calls is { Count: > 0 })
            {
                Utf8.Ascii(output, separator);
                ToolCalls(output, calls, callIndex);
            }
            Utf8.Ascii(output, "},");
        }
        else
        {
            Utf8.Ascii(output, "\"text\":");
            Utf8.String(output, text ?? "");
            Utf8.Ascii(output, ",");
        }
        Utf8.Ascii(output, "\"logprobs\":null,\"finish_reason\":");
        Utf8.String(output, finish);
        Utf8.Ascii(output, request.IncludeUsage ? "}],\"usage\":null}" : "}]}");
    }

    /// <summary>stream_options.include_usage: the last chunk, with no choices.</summary>
    public void UsageChunk(IBufferWriter<byte> output, Usage usage)
    {
        Envelope(output, ChunkKind);
        Utf8.Ascii(output, "\"choices\":[],\"usage\":");
        UsageJson(output, usage);
        Utf8.Ascii(output, "}");
    }

    /// <summary>The members before <c>choices</c>, and the comma after them.</summary>
    private void Envelope(IBufferWriter<byte> output, string kind)
    {
        Utf8.Ascii(output, "{\"id\":");
        Utf8.String(output, Id);
        Utf8.Ascii(output, ",\"object\":\"" + kind + "\",\"created\":");
        Utf8.Integer(output, Created);
        Utf8.Ascii(output, ",\"model\":");
        Utf8.String(output, request.Model);
        Utf8.Ascii(output, _simulated == true ? ",\"system_fingerprint\":\"nano-simulated\",\"nano\":{\"simulated\":" : ",\"system_fingerprint\":\"nano\",\"nano\":{\"simulated\":");
        Utf8.Ascii(output, _simulated switch { true => "true", false => "false", null => "null" });
        Utf8.Ascii(output, ",\"request_id\":");
        Utf8.String(output, requestId);
        if (_origin is { } origin)
        {
            Utf8.Ascii(output, ",\"node\":");
            Utf8.String(output, origin.Node);
            Utf8.Ascii(output, ",\"runtime\":");
            Utf8.String(output, origin.Runtime);
        }
        Utf8.Ascii(output, "},");
    }

    private static void ToolCalls(IBufferWriter<byte> output, IReadOnlyList<ToolCall> calls, int? firstIndex)
    {
        Utf8.Ascii(output, "\"tool_calls\":[");
        for (var i = 0; i < calls.Count; i++)
        {
            if (i > 0) Utf8.Ascii(output, ",");
            calls[i].Write(output, firstIndex + i);
        }
        Utf8.Ascii(output, "]");
    }

    private static void UsageJson(IBufferWriter<byte> output, Usage usage)
    {
        Utf8.Ascii(output, "{\"prompt_tokens\":");
        Utf8.Integer(output, usage.PromptTokens);
        Utf8.Ascii(output, ",\"completion_tokens\":");
        Utf8.Integer(output, usage.CompletionTokens);
        Utf8.Ascii(output, ",\"total_tokens\":");
        Utf8.Integer(output, usage.TotalTokens);
        Utf8.Ascii(output, "}");
    }
}
