using Nano.Actors.Protocol;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// OpenAI response objects. Output of a simulated runtime is marked: <c>system_fingerprint</c> "nano-simulated" and
/// <c>nano.simulated</c> true (the <c>nano</c> extension also names the node and runtime). Never presented as real.
/// </summary>
internal sealed class Responses(OpenAiRequest request, string requestId)
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public string Id => (request.Chat ? "chatcmpl-" : "cmpl-") + requestId;

    /// <summary>Known once the first answer arrives (every chunk of a run comes from the same runtime).</summary>
    public bool? Simulated { get; set; }
    public RunOrigin? Origin { get; set; }

    public JObject Complete(string text, IReadOnlyList<ToolCall> calls, string finish, Usage usage)
    {
        JObject choice;
        if (request.Chat)
        {
            var message = new JObject { ["role"] = "assistant", ["content"] = calls.Count > 0 && text.Length == 0 ? null : text };
            if (calls.Count > 0) message["tool_calls"] = new JArray(calls.Select(c => c.ToJson()));
            choice = new JObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finish };
        }
        else choice = new JObject { ["index"] = 0, ["text"] = text, ["logprobs"] = null, ["finish_reason"] = finish };
        var json = Envelope(request.Chat ? "chat.completion" : "text_completion");
        json["choices"] = new JArray(choice);
        json["usage"] = UsageJson(usage);
        return json;
    }

    /// <summary>A streamed chunk: text and/or tool calls, or the last one with its finish reason.</summary>
    public JObject Chunk(string? text, IReadOnlyList<ToolCall>? calls = null, string? finish = null, bool first = false, int callIndex = 0)
    {
        JObject choice;
        if (request.Chat)
        {
            var delta = new JObject();
            if (first) delta["role"] = "assistant";
            if (text is not null) delta["content"] = text;
            if (calls is { Count: > 0 }) delta["tool_calls"] = new JArray(calls.Select((c, i) => c.ToJson(callIndex + i)));
            choice = new JObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish };
        }
        else choice = new JObject { ["index"] = 0, ["text"] = text ?? "", ["logprobs"] = null, ["finish_reason"] = finish };
        var json = Envelope(request.Chat ? "chat.completion.chunk" : "text_completion");
        json["choices"] = new JArray(choice);
        if (request.IncludeUsage) json["usage"] = null;
        return json;
    }

    /// <summary>stream_options.include_usage: the last chunk, with no choices.</summary>
    public JObject UsageChunk(Usage usage)
    {
        var json = Envelope(request.Chat ? "chat.completion.chunk" : "text_completion");
        json["choices"] = new JArray();
        json["usage"] = UsageJson(usage);
        return json;
    }

    private JObject Envelope(string kind)
    {
        var json = new JObject
        {
            ["id"] = Id,
            ["object"] = kind,
            ["created"] = _created,
            ["model"] = request.Model,
            ["system_fingerprint"] = Simulated == true ? "nano-simulated" : "nano",
        };
        var nano = new JObject { ["simulated"] = Simulated, ["request_id"] = requestId };
        if (Origin is { } origin)
        {
            nano["node"] = origin.Node;
            nano["runtime"] = origin.Runtime;
        }
        json["nano"] = nano;
        return json;
    }

    private static JObject UsageJson(Usage usage) => new()
    {
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.CompletionTokens,
        ["total_tokens"] = usage.TotalTokens,
    };
}
