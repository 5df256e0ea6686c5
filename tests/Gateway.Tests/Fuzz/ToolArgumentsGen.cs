using FsCheck;
using FsCheck.Fluent;
using Nano.Gateway.Mcp.Tools;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// tools/call arguments for every tool nano lists, read from each tool's input schema: each declared field omitted,
/// well typed (in and out of its range, enum members or not) or ill typed, plus unknown extra fields, and the
/// arguments member itself missing, null or not an object.
/// </summary>
public static class ToolArgumentsGen
{
    /// <summary>The model the fuzz node serves; generated calls name it most often, so they reach the pool.</summary>
    public const string Model = "zero";

    public static IReadOnlyList<ToolDefinition> Tools => ToolCatalog.Default.Tools;

    public static Gen<string> ToolName { get; } = Gen.Frequency(
        (12, Gen.Elements(ToolCatalog.Default.Tools.Select(t => t.Name).ToArray())),
        (1, Gen.Elements("teleport", "", "Generate", "generate ", "list_models\u0000")),
        (1, JsonTextGen.String.Select(s => s.Trim('"'))));

    /// <summary>The text of <c>"arguments"</c> for <paramref name="tool"/>, or null to leave the member out.</summary>
    public static Gen<string?> Arguments(ToolDefinition? tool) => tool is not null && ByTool.TryGetValue(tool.Name, out var gen) ? gen : ArgumentsOf(tool);

    // Built once per tool: a generator graph is costly to build and cheap to run.
    private static readonly Dictionary<string, Gen<string?>> ByTool = ToolCatalog.Default.Tools.ToDictionary(t => t.Name, t => ArgumentsOf(t));

    private static Gen<string?> ArgumentsOf(ToolDefinition? tool) => Gen.Frequency(
        (14, tool is null ? JsonTextGen.ObjectOf(JsonTextGen.Value(1), 4).Select(s => (string?)s) : ObjectFor(tool).Select(s => (string?)s)),
        (1, Gen.Constant<string?>(null)),
        (1, Gen.Elements<string?>("null", "[]", "\"model\"", "7", "[{\"model\":\"zero\"}]", "{}")));

    private static Gen<string> ObjectFor(ToolDefinition tool)
    {
        var schema = tool.InputSchema;
        var properties = (schema["properties"] as JObject)?.Properties().ToList() ?? [];
        var required = (schema["required"] as JArray)?.Select(r => (string?)r).ToHashSet() ?? [];
        var members = properties.Select(p => Member(tool.Name, p.Name, (JObject)p.Value, required.Contains(p.Name))).ToList();
        var extra = Gen.Frequency(
            (6, Gen.Constant<(string, string)?>(null)),
            (1, from key in Gen.Elements("\"extra\"", "\"Model\"", "\"__proto__\"", "\"\"")
                from value in JsonTextGen.Value(1)
                select ((string, string)?)(key, value)));
        return from chosen in Gen.CollectToList(members)
               from more in extra
               from shuffled in Gen.Shuffle(chosen.Where(m => m is not null).Select(m => m!.Value).Concat(more is { } e ? [e] : []))
               select JsonTextGen.Object(shuffled);
    }

    private static Gen<(string, string)?> Member(string tool, string name, JObject schema, bool required) =>
        Gen.Frequency(
            (required ? 1 : 3, Gen.Constant<(string, string)?>(null)),
            (8, WellTyped(tool, name, schema).Select(v => ((string, string)?)(JsonTextGen.Quote(name), v))),
            (2, IllTyped(schema).Select(v => ((string, string)?)(JsonTextGen.Quote(name), v))));

    /// <summary>A value of the field's declared type: mostly sensible, sometimes at or past its bounds.</summary>
    private static Gen<string> WellTyped(string tool, string name, JObject schema)
    {
        if (schema["enum"] is JArray values)
            return Gen.Frequency((5, Gen.Elements(values.Select(v => v.ToString(Newtonsoft.Json.Formatting.None)).ToArray())), (1, JsonTextGen.String));
        var types = schema["type"] switch
        {
            JArray many => many.Select(t => (string)t!).ToArray(),
            JValue one => [(string)one!],
            _ => ["string"],
        };
        return Gen.Elements(types).SelectMany(type => type switch
        {
            "string" => StringFor(tool, name),
            "integer" => Gen.Frequency((6, Gen.Choose(1, 24).Select(n => n.ToString())),
                (2, Gen.Elements("0", "-1", "1048576", "1048577", "2147483648", "9223372036854775808", "1.0", "1e2"))),
            "number" => Gen.Frequency((4, Gen.Elements("0", "0.5", "1", "0.9", "1.1", "-3", "100", "101")), (1, JsonTextGen.Number)),
            "boolean" => Gen.Elements("true", "false"),
            "array" => ArrayFor(name),
            "object" => ObjectFieldFor(name, schema),
            _ => JsonTextGen.Scalar,
        });
    }

    private static Gen<string> StringFor(string tool, string name) => name switch
    {
        // remove_model of the served model would leave nothing to call; it still gets every other shape.
        "model" when tool == ToolNames.RemoveModel => Gen.Elements("\"ghost\"", "\"\"", "\"zero2\""),
        "model" => Gen.Frequency((8, Gen.Constant("\"zero\"")), (1, Gen.Elements("\"ghost\"", "\"\"", "\"ZERO\"", "\"../zero\"")), (1, JsonTextGen.String)),
        "data" or "embedding" => Gen.Elements("\"AAAA\"", "\"iVBORw0KGgo=\"", "\"not base64!\"", "\"\"", "\"////\"", "\"AAAAAAAAAAAAAAAAAAAAAA==\""),
        "tools" => Gen.Elements("\"[]\"", "\"[{\\\"name\\\":\\\"f\\\"}]\"", "\"{\"", "\"\""),
        "request_id" => Gen.Frequency((3, Gen.Choose(1, 50).Select(n => $"\"fz-{n}\"")), (1, Gen.Elements("\"\"", "\"" + new string('r', 129) + "\"")), (1, JsonTextGen.String)),
        _ => Gen.Frequency((3, Gen.Elements("\"hi\"", "\"Tell me about the NPU.\"", "\"\"")), (2, JsonTextGen.String)),
    };

    private static Gen<string> ArrayFor(string name) => name switch
    {
        "messages" => Gen.Frequency(
            (4, JsonTextGen.ArrayOf(
                from role in Gen.Elements("\"system\"", "\"user\"", "\"assistant\"", "\"tool\"", "\"root\"", "1")
                from content in Gen.Frequency((4, JsonTextGen.String), (1, Gen.Elements("null", "[]", "7")))
                select JsonTextGen.Object([("\"role\"", role), ("\"content\"", content)]), 4)),
            (1, Gen.Elements("[]", "[1]", "[null]", "[{}]"))),
        "tools" => Gen.Elements("[]", "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]", "[1,\"x\"]"),
        _ => JsonTextGen.ArrayOf(JsonTextGen.Scalar, 3),
    };

    private static Gen<string> ObjectFieldFor(string name, JObject schema) => name switch
    {
        "sampling" or "image" => JsonTextGen.ObjectOf(JsonTextGen.Scalar, 2).SelectMany(noise =>
            Gen.CollectToList(((schema["properties"] as JObject)?.Properties() ?? []).Select(p =>
                Gen.Frequency((1, Gen.Constant<(string, string)?>(null)),
                    (2, WellTyped("", p.Name, (JObject)p.Value).Select(v => ((string, string)?)(JsonTextGen.Quote(p.Name), v))))))
                .Select(members => JsonTextGen.Object(members.Where(m => m is not null).Select(m => m!.Value))))
            .SelectMany(o => Gen.Frequency((5, Gen.Constant(o)), (1, JsonTextGen.ObjectOf(JsonTextGen.Scalar, 3)))),
        // add_model's models.json entry: the admin validator's input.
        "model" => Gen.Frequency(
            (3, from n in Gen.Elements("\"zero\"", "\"extra\"", "\"\"", "7")
                from path in Gen.Elements("\"sim://zero\"", "\"/etc/passwd\"", "\"../x.rkllm\"", "\"\"", "null")
                select JsonTextGen.Object([("\"name\"", n), ("\"path\"", path), ("\"runtime\"", "\"sim\"")])),
            (1, JsonTextGen.ObjectOf(JsonTextGen.Value(1), 4))),
        _ => JsonTextGen.ObjectOf(JsonTextGen.Scalar, 3),
    };

    /// <summary>A value of some other type than the field's.</summary>
    private static Gen<string> IllTyped(JObject schema)
    {
        var type = schema["type"]?.ToString() ?? "";
        return Gen.Elements(
            type.Contains("string") ? "7" : "\"seven\"",
            type.Contains("object") ? "[]" : "{}",
            type.Contains("array") ? "{\"0\":1}" : "[\"a\"]",
            "null", "true", "1.5", "-0", "\"\"");
    }
}
