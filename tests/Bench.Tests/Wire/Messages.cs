using System.Text.Json.Nodes;

namespace Nano.Bench.Tests.Wire;

/// <summary>The JSON-RPC messages the load generator sends (docs/PROTOCOL.md), as compact text.</summary>
internal static class Messages
{
    public const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench-tests","version":"1"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    /// <summary>tools/call generate {model, prompt, max_tokens}, with _meta.progressToken when one is given.</summary>
    public static string Generate(int id, int maxTokens, JsonNode? progressToken = null)
    {
        var parameters = new JsonObject
        {
            ["name"] = "generate",
            ["arguments"] = new JsonObject { ["model"] = "zero", ["prompt"] = "Hello there", ["max_tokens"] = maxTokens },
        };
        if (progressToken is not null) parameters["_meta"] = new JsonObject { ["progressToken"] = progressToken.DeepClone() };
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call", ["params"] = parameters }.ToJsonString();
    }

    public static string Ping(int id) => $$"""{"jsonrpc":"2.0","id":{{id}},"method":"ping"}""";
}
