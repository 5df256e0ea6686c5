using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nano.Bench.Tests;

/// <summary>Checks an answer to `generate` against the shape of nano's generate result (docs/PROTOCOL.md).</summary>
internal static class GeneratedResult
{
    /// <summary>The structuredContent members of nano's generate result.</summary>
    private static readonly string[] NanoMembers = ["text", "model", "request_id", "finish_reason", "usage", "simulated", "origin", "timings"];

    /// <summary>Asserts the response answers <paramref name="id"/> with <paramref name="tokens"/> tokens of text; returns the text.</summary>
    public static string AssertShape(JsonObject response, int id, int tokens)
    {
        Assert.Equal(id, response["id"]!.GetValue<int>());
        Assert.Null(response["error"]);
        var result = response["result"]!.AsObject();
        Assert.False(result["isError"]!.GetValue<bool>());
        var text = result["content"]![0]!["text"]!.GetValue<string>();
        Assert.Equal("text", result["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(tokens, text.Length); // one character per token

        var structured = result["structuredContent"]!.AsObject();
        Assert.Equal(NanoMembers.Order(), structured.Select(p => p.Key).Order());
        Assert.Equal(text, structured["text"]!.GetValue<string>());
        Assert.Equal("zero", structured["model"]!.GetValue<string>());
        Assert.Equal(tokens, structured["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.True(structured["simulated"]!.GetValue<bool>());
        return text;
    }

    /// <summary>Asserts one progress notification per token, counting from 1, each echoing the token and carrying its text.</summary>
    public static void AssertProgress(IReadOnlyList<JsonObject> notifications, JsonNode token, string text)
    {
        Assert.Equal(text.Length, notifications.Count);
        for (var i = 0; i < notifications.Count; i++)
        {
            Assert.Equal("notifications/progress", notifications[i]["method"]!.GetValue<string>());
            var parameters = notifications[i]["params"]!;
            Assert.True(JsonNode.DeepEquals(token, parameters["progressToken"]), $"progress {i + 1} echoes {parameters["progressToken"]?.ToJsonString()}");
            Assert.Equal(JsonValueKind.Number, parameters["progress"]!.GetValueKind());
            Assert.Equal(i + 1, parameters["progress"]!.GetValue<double>());
            Assert.Equal(text[i].ToString(), parameters["message"]!.GetValue<string>());
        }
    }
}
