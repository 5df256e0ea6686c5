using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.EchoServer;

/// <summary>
/// Parses one JSON-RPC line with Newtonsoft.Json and writes its answer(s), one line each: `initialize` gets a
/// minimal valid result, `tools/call` a generate-shaped result of max_tokens one-letter tokens (after one
/// notifications/progress per token when the request carries _meta.progressToken), any other request an empty
/// result; notifications and unparseable lines get nothing.
/// </summary>
internal static class EchoAnswers
{
    public static void Answer(string line, TextWriter output)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        JObject request;
        try { request = JObject.Parse(line); }
        catch (JsonReaderException) { return; }
        if (request["id"] is not { } id) return;

        var parameters = request["params"] as JObject;
        var result = (string?)request["method"] switch
        {
            "initialize" => Initialize(parameters),
            "tools/call" => Generate(parameters, id, output),
            _ => new JObject(),
        };
        Write(output, new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result });
    }

    private static JObject Initialize(JObject? parameters) => new()
    {
        ["protocolVersion"] = parameters?["protocolVersion"] ?? "2025-11-25",
        ["capabilities"] = new JObject { ["tools"] = new JObject() },
        ["serverInfo"] = new JObject { ["name"] = "nano-echo", ["version"] = "1.0.0" },
    };

    private static JObject Generate(JObject? parameters, JToken id, TextWriter output)
    {
        var arguments = parameters?["arguments"] as JObject;
        var maxTokens = Math.Max(0, (int?)arguments?["max_tokens"] ?? 16);
        var text = new string('a', maxTokens);
        if (parameters?["_meta"]?["progressToken"] is { } token)
        {
            for (var i = 1; i <= maxTokens; i++)
                Write(output, new JObject
                {
                    ["jsonrpc"] = "2.0",
                    ["method"] = "notifications/progress",
                    ["params"] = new JObject { ["progressToken"] = token, ["progress"] = i, ["message"] = "a" },
                });
        }
        return new JObject
        {
            ["content"] = new JArray(new JObject { ["type"] = "text", ["text"] = text }),
            ["structuredContent"] = new JObject
            {
                ["text"] = text,
                ["model"] = arguments?["model"],
                ["request_id"] = $"echo-{id}",
                ["finish_reason"] = "length",
                ["usage"] = new JObject { ["prompt_tokens"] = 1, ["completion_tokens"] = maxTokens, ["total_tokens"] = 1 + maxTokens },
                ["simulated"] = true,
                ["origin"] = new JObject { ["node"] = "echo", ["runtime"] = "zero", ["handle_id"] = 0 },
                ["timings"] = new JObject { ["ttft_ms"] = 0.0, ["queue_wait_ms"] = 0.0 },
            },
            ["isError"] = false,
        };
    }

    private static void Write(TextWriter output, JObject message)
    {
        using (var json = new JsonTextWriter(output) { CloseOutput = false, Formatting = Formatting.None })
            message.WriteTo(json);
        output.Write('\n');
    }
}
