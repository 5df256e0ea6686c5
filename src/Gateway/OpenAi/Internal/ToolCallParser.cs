using System.Buffers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>One function call the model asked for, in OpenAI's terms (arguments as a JSON string).</summary>
internal sealed record ToolCall(string Id, string Name, string Arguments)
{
    /// <summary>Its JSON object (<c>index</c> first when given: stream deltas number their calls).</summary>
    public void Write(IBufferWriter<byte> output, int? index = null)
    {
        if (index is { } i)
        {
            Utf8.Ascii(output, "{\"index\":");
            Utf8.Integer(output, i);
            Utf8.Ascii(output, ",\"id\":");
        }
        else Utf8.Ascii(output, "{\"id\":");
        Utf8.String(output, Id);
        Utf8.Ascii(output, ",\"type\":\"function\",\"function\":{\"name\":");
        Utf8.String(output, Name);
        Utf8.Ascii(output, ",\"arguments\":");
        Utf8.String(output, Arguments);
        Utf8.Ascii(output, "}}");
    }
}

/// <summary>
/// Qwen-style tool calls, the form RKLLM's function-calling models (Qwen2.5/Qwen3) write them:
/// <c>&lt;tool_call&gt;\n{"name": "...", "arguments": {...}}\n&lt;/tool_call&gt;</c>, one block per call.
/// </summary>
internal static class ToolCallParser
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";
    private static long _sequence;

    /// <summary>The call inside one block (between the tags), or null when it is not a {name, arguments} object.</summary>
    public static ToolCall? Parse(string block)
    {
        try
        {
            if (JToken.Parse(block.Trim()) is not JObject { } call || call["name"] is not JValue { Type: JTokenType.String } name) return null;
            var arguments = call["arguments"] switch
            {
                null or { Type: JTokenType.Null } => "{}",
                // Some templates write the arguments already as a JSON string.
                JValue { Type: JTokenType.String } s => (string)s!,
                var a => a.ToString(Formatting.None),
            };
            return new ToolCall($"call_{Interlocked.Increment(ref _sequence):x}{Environment.TickCount64 & 0xffff:x}", (string)name!, arguments);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Text and tool calls of a whole completion; text outside blocks (and unparseable blocks) stays text.</summary>
    public static (string Text, IReadOnlyList<ToolCall> Calls) Split(string output)
    {
        var filter = new OutputFilter([], tools: true);
        var events = filter.Push(output).Concat(filter.Finish()).ToList();
        return (string.Concat(events.OfType<string>()), events.OfType<ToolCall>().ToList());
    }

    /// <summary>An assistant message's earlier tool call (OpenAI shape) rendered back as the model wrote it.</summary>
    public static string Render(JObject call)
    {
        var fn = call["function"] as JObject;
        var arguments = (string?)fn?["arguments"] ?? "{}";
        JToken args;
        try { args = JToken.Parse(arguments); }
        catch (JsonException) { args = arguments; }
        var json = new JObject { ["name"] = (string?)fn?["name"] ?? "", ["arguments"] = args };
        return $"{Open}\n{json.ToString(Formatting.None)}\n{Close}";
    }
}
