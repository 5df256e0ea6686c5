using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Nano.Clients.Tests.Drills;

/// <summary>What a client saw of one generate call, with client-side timestamps (Stopwatch ticks).</summary>
internal sealed record GenerateOutcome(string Model, bool Ok, int? Code, string? Name, bool Retriable, long? RetryAfterMs,
    string Message, long SentAt, long AnsweredAt, long LastTokenAt, int Tokens);

/// <summary>
/// A minimal MCP client over TCP (newline-delimited JSON-RPC, docs/PROTOCOL.md): one connection, one call at a time.
/// Enough for load loops; the SDK acceptance tests cover the protocol itself.
/// </summary>
internal sealed class McpLineClient : IAsyncDisposable
{
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(60);
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private int _nextId;

    private McpLineClient(TcpClient tcp)
    {
        _tcp = tcp;
        var stream = tcp.GetStream();
        _reader = new StreamReader(stream, new UTF8Encoding(false));
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public static async Task<McpLineClient> ConnectAsync(IPEndPoint endpoint)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint).WaitAsync(CallBound);
        var client = new McpLineClient(tcp);
        await client.CallAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-11-25",
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "nano-drill", ["version"] = "1" },
        });
        await client._writer.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return client;
    }

    /// <summary>tools/call generate with a progress token, so the time of the last token is known.</summary>
    public async Task<GenerateOutcome> GenerateAsync(string model, int maxTokens, string prompt = "drill")
    {
        var sent = Stopwatch.GetTimestamp();
        long lastToken = 0;
        var tokens = 0;
        var response = await CallAsync("tools/call", new JsonObject
        {
            ["name"] = "generate",
            ["arguments"] = new JsonObject { ["model"] = model, ["prompt"] = prompt, ["max_tokens"] = maxTokens },
            ["_meta"] = new JsonObject { ["progressToken"] = "p" },
        }, onProgress: () =>
        {
            tokens++;
            lastToken = Stopwatch.GetTimestamp();
        });
        var answered = Stopwatch.GetTimestamp();
        if (response["error"] is JsonObject error)
        {
            // Refused before it ran (QUEUE_FULL, RESOURCE_EXHAUSTED, TOO_MANY_REQUESTS): a JSON-RPC error.
            var data = error["data"] as JsonObject;
            return new GenerateOutcome(model, false, (int?)error["code"], (string?)data?["name"], true,
                (long?)data?["retry_after_ms"], (string?)error["message"] ?? "", sent, answered, lastToken, tokens);
        }
        var result = response["result"]!.AsObject();
        if (result["isError"] is JsonValue isError && (bool)isError)
        {
            var e = result["structuredContent"]?["error"];
            return new GenerateOutcome(model, false, (int?)e?["code"], (string?)e?["name"], (bool?)e?["retriable"] ?? false,
                (long?)e?["retry_after_ms"], (string?)e?["message"] ?? "", sent, answered, lastToken, tokens);
        }
        return new GenerateOutcome(model, true, null, null, false, null, "", sent, answered, lastToken, tokens);
    }

    /// <summary>The structured result of a tool without arguments beyond <paramref name="arguments"/> (list_models, ...).</summary>
    public async Task<JsonObject> ToolAsync(string tool, JsonObject? arguments = null)
    {
        var response = await CallAsync("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments ?? new JsonObject() });
        return response["result"]?["structuredContent"]?.AsObject() ?? throw new InvalidOperationException($"{tool}: {response}");
    }

    private async Task<JsonObject> CallAsync(string method, JsonObject parameters, Action? onProgress = null)
    {
        var id = ++_nextId;
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _writer.WriteLineAsync(request.ToJsonString());
        using var bound = new CancellationTokenSource(CallBound);
        while (true)
        {
            var line = await _reader.ReadLineAsync(bound.Token)
                ?? throw new IOException($"the node closed the connection during {method}");
            if (JsonNode.Parse(line) is not JsonObject message) continue;
            if (message["id"] is JsonValue v && v.TryGetValue<int>(out var answered) && answered == id) return message;
            if ((string?)message["method"] == "notifications/progress") onProgress?.Invoke();
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
