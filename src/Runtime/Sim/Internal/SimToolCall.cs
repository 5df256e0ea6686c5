using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// The simulated NPU's function calling, which is no inference: with function tools set, a generate run whose input
/// has the user role answers with one Qwen-style call of the FIRST declared tool, whatever the prompt says
/// (<c>&lt;tool_call&gt;\n{"name": ..., "arguments": {...}}\n&lt;/tool_call&gt;</c>, the form Qwen2.5/Qwen3 write), then
/// ends as at an EOS. The arguments hold placeholders for the tool's required parameters: strings are "simulated"
/// (or an enum's first value), numbers 0, booleans false, arrays empty, objects filled the same way. A tool-role
/// input (a tool's result) gets ordinary lorem ipsum text.
/// </summary>
internal static partial class SimToolCall
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";
    private const string Placeholder = "simulated";

    /// <summary>The pieces the run streams, one per decode step, or null when this run writes lorem ipsum.</summary>
    public static IReadOnlyList<string>? Script(SimTemplate template, RkllmInput input, RkllmInferMode mode)
    {
        if (mode != RkllmInferMode.Generate || input.Role != "user" || string.IsNullOrWhiteSpace(template.ToolsJson)) return null;
        return Call(JArray.Parse(template.ToolsJson)) is { } call ? Pieces(call) : null;
    }

    /// <summary>The call of the first tool as Qwen writes it, or null when the first entry names no function.</summary>
    public static string? Call(JArray tools)
    {
        if (FirstFunction(tools) is not { } function) return null;
        var call = new JObject { ["name"] = function["name"]!.DeepClone(), ["arguments"] = Arguments(function["parameters"] as JObject) };
        return $"{Open}\n{call.ToString(Formatting.None)}\n{Close}";
    }

    public static string? FirstToolName(JArray tools) => (string?)FirstFunction(tools)?["name"];

    /// <summary>The first entry as OpenAI's {type, function: {...}} or as the bare function object, if it has a name.</summary>
    private static JObject? FirstFunction(JArray tools) =>
        tools.FirstOrDefault() is JObject first && (first["function"] as JObject ?? first) is { } function
        && function["name"] is JValue { Type: JTokenType.String } ? function : null;

    private static JObject Arguments(JObject? schema)
    {
        var arguments = new JObject();
        var properties = schema?["properties"] as JObject;
        foreach (var required in (schema?["required"] as JArray)?.Values<string>() ?? [])
            if (required is not null) arguments[required] = Value(properties?[required] as JObject);
        return arguments;
    }

    private static JToken Value(JObject? schema)
    {
        if (schema?["enum"] is JArray { Count: > 0 } choices) return choices[0].DeepClone();
        var type = schema?["type"] switch
        {
            JArray types => types.Values<string>().FirstOrDefault(t => t != "null"),
            JValue v => (string?)v,
            _ => null,
        };
        return type switch
        {
            "integer" or "number" => 0,
            "boolean" => false,
            "array" => new JArray(),
            "object" => Arguments(schema),
            "null" => JValue.CreateNull(),
            _ => Placeholder,
        };
    }

    /// <summary>The tags whole (they are single special tokens in Qwen's vocabulary), the JSON in word and punctuation runs.</summary>
    private static string[] Pieces(string call) =>
        [Open, .. Piece().Matches(call[Open.Length..^Close.Length]).Select(m => m.Value), Close];

    [GeneratedRegex(@"\w+|\s+|[^\w\s]+")]
    private static partial Regex Piece();
}
