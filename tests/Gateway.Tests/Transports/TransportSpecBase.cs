using System.Diagnostics;
using System.Text;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Actors.Protocol;
using Nano.Gateway.Hosting;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.Transports;

/// <summary>
/// A node in miniature: the real pool over the simulated NPU at a fast time scale, and the shared MCP context.
/// Derived specs start one transport on 127.0.0.1 and connect raw clients; the scenarios here run on each.
/// </summary>
public abstract class TransportSpecBase : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        """).WithFallback(NanoActorsConfig.Default);

    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    /// <summary>A Qwen2-0.5B-class simulated model: about 24 ms per token at real time, 1.2 ms at the 0.05 scale used here.</summary>
    public static readonly ModelDefinition Tiny = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MaxInstances = 1, MemoryLimitMb = 700, MaxContextLen = 4096, MaxNewTokens = 8,
    };

    protected TransportSpecBase(ITestOutputHelper output, GatewaySettings? settings = null) : base(SpecConfig, output: output)
    {
        var board = new SimulatedBoard("rk3588", clock: new SimClock(0.05));
        var runtime = new SimulatedRuntime(board);
        var poolSettings = new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20) };
        Pool = Sys.ActorOf(PoolActor.Props(poolSettings, [Tiny], _ => runtime, "test-node"), "pool");
        Context = new McpServerContext(Pool, settings ?? new GatewaySettings(), [Tiny]);
    }

    protected IActorRef Pool { get; }
    protected McpServerContext Context { get; }

    protected abstract Task<IFrameClient> ConnectAsync();

    // ---- helpers ----

    protected static string Initialize(object id, string version = "2025-11-25") => new JObject
    {
        ["jsonrpc"] = "2.0",
        ["id"] = JToken.FromObject(id),
        ["method"] = "initialize",
        ["params"] = new JObject
        {
            ["protocolVersion"] = version,
            ["capabilities"] = new JObject(),
            ["clientInfo"] = new JObject { ["name"] = "raw", ["version"] = "1" },
        },
    }.ToString(Newtonsoft.Json.Formatting.None);

    protected static string Generate(object id, string prompt, int maxTokens, object? progressToken = null)
    {
        var parameters = new JObject
        {
            ["name"] = "generate",
            ["arguments"] = new JObject { ["model"] = "tiny", ["prompt"] = prompt, ["max_tokens"] = maxTokens },
        };
        if (progressToken is not null) parameters["_meta"] = new JObject { ["progressToken"] = JToken.FromObject(progressToken) };
        return new JObject { ["jsonrpc"] = "2.0", ["id"] = JToken.FromObject(id), ["method"] = "tools/call", ["params"] = parameters }
            .ToString(Newtonsoft.Json.Formatting.None);
    }

    /// <summary>Reads frames until the answer to <paramref name="id"/>, checking each is well-formed; returns it and what came before.</summary>
    protected static async Task<(JObject Response, List<JToken> Before)> ResponseAsync(IFrameClient client, object id, TimeSpan? timeout = null)
    {
        var wanted = JToken.FromObject(id);
        var before = new List<JToken>();
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? Bounded;
        while (true)
        {
            var left = limit - deadline.Elapsed;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no answer to {wanted} within {limit}");
            var frame = await client.ReadAsync(left);
            AssertFrame(frame);
            if (frame is JObject { } obj && obj.ContainsKey("id") && JToken.DeepEquals(obj["id"], wanted) && (obj["result"] ?? obj["error"]) is not null)
                return (obj, before);
            before.Add(frame);
        }
    }

    protected static async Task<JObject> InitializeAsync(IFrameClient client, object id)
    {
        await client.SendAsync(Initialize(id));
        var (response, _) = await ResponseAsync(client, id);
        Assert.Equal("2025-11-25", (string?)response["result"]!["protocolVersion"]);
        await client.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return response;
    }

    /// <summary>A JSON-RPC 2.0 message nano may send: a response, a notification, or a batch of responses.</summary>
    public static void AssertFrame(JToken frame)
    {
        if (frame is JArray batch)
        {
            Assert.NotEmpty(batch);
            foreach (var item in batch) AssertFrame(item);
            return;
        }
        var obj = Assert.IsType<JObject>(frame);
        Assert.Equal("2.0", (string?)obj["jsonrpc"]);
        if (obj.ContainsKey("method"))
        {
            Assert.False(obj.ContainsKey("id"), $"nano sends no requests: {obj}");
            return;
        }
        Assert.True(obj.ContainsKey("id"));
        Assert.Contains(obj["id"]!.Type, new[] { JTokenType.Integer, JTokenType.String, JTokenType.Null });
        Assert.True(obj.ContainsKey("result") ^ obj.ContainsKey("error"), $"exactly one of result and error: {obj}");
        if (obj["error"] is { } error)
        {
            Assert.Equal(JTokenType.Integer, error["code"]!.Type);
            Assert.Equal(JTokenType.String, error["message"]!.Type);
        }
    }

    protected async Task<bool> BoardBusyAsync() =>
        (await Pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, Bounded)).Models.Any(m => m.Handles.Any(h => h.Busy || h.ActiveRuns > 0));

    protected async Task AwaitBoardIdleAsync(TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = await Pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, Bounded);
            if (snapshot.Models.All(m => m.Handles.All(h => !h.Busy && h.ActiveRuns == 0))) return;
            Assert.True(watch.Elapsed < within, $"the board still runs {within} after the cancellation");
            await Task.Delay(10);
        }
    }

    // ---- the scenarios every transport passes ----

    [Fact]
    public async Task Initialize_list_tools_and_generate_with_progress()
    {
        await using var client = await ConnectAsync();
        await InitializeAsync(client, 1);
        await client.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        var (tools, _) = await ResponseAsync(client, 2);
        Assert.Contains(tools["result"]!["tools"]!, t => (string?)t["name"] == "generate");

        await client.SendAsync(Generate(3, "Hello", 6, progressToken: 77));
        var (response, before) = await ResponseAsync(client, 3);
        var progress = before.Cast<JObject>().Where(f => (string?)f["method"] == "notifications/progress").ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(JTokenType.Integer, p["params"]!["progressToken"]!.Type));
        Assert.All(progress, p => Assert.Equal(77, (int)p["params"]!["progressToken"]!));
        var counters = progress.Select(p => (double)p["params"]!["progress"]!).ToList();
        Assert.Equal(counters.Order(), counters);
        Assert.Equal(counters.Distinct().Count(), counters.Count);
        var result = response["result"]!;
        Assert.False((bool)result["isError"]!);
        Assert.True((bool)result["structuredContent"]!["simulated"]!);
        Assert.Equal(string.Concat(progress.Select(p => (string?)p["params"]!["message"])), (string?)result["structuredContent"]!["text"]);
    }

    [Fact]
    public async Task Malformed_frames_get_errors_and_the_connection_serves_the_next_frame()
    {
        await using var client = await ConnectAsync();
        await client.SendAsync("this is not json");
        var error = (JObject)await client.ReadAsync(Bounded);
        Assert.Equal(JsonRpcErrorCodes.ParseError, (int)error["error"]!["code"]!);
        Assert.Equal(JTokenType.Null, error["id"]!.Type);
        await client.SendFrameAsync([0xFF, 0xFE, 0x7B]);
        Assert.Equal(JsonRpcErrorCodes.ParseError, (int)(await client.ReadAsync(Bounded))["error"]!["code"]!);
        await client.SendAsync("""{"jsonrpc":"2.0","id":"x","method":42}""");
        var invalid = await client.ReadAsync(Bounded);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, (int)invalid["error"]!["code"]!);
        Assert.Equal("x", (string?)invalid["id"]);
        await InitializeAsync(client, "ok");
    }

    [Fact]
    public async Task An_unknown_tool_is_invalid_params()
    {
        await using var client = await ConnectAsync();
        await InitializeAsync(client, 1);
        await client.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"teleport","arguments":{}}}""");
        var (response, _) = await ResponseAsync(client, 2);
        Assert.Equal(JsonRpcErrorCodes.InvalidParams, (int)response["error"]!["code"]!);
    }

    [Fact]
    public async Task Cancelling_a_long_generation_stops_it_on_the_board_and_it_is_never_answered()
    {
        await using var client = await ConnectAsync();
        await InitializeAsync(client, 1);
        // 2 000 tokens at ~1.2 ms each: seconds of work the cancellation has to cut short.
        await client.SendAsync(Generate("long", "Tell me everything", 2000, progressToken: "p"));
        JToken first;
        do first = await client.ReadAsync(Bounded);
        while ((string?)first["method"] != "notifications/progress");
        Assert.True(await BoardBusyAsync(), "the run should be going on the board");
        var cancelledAt = Stopwatch.StartNew();
        await client.SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"long","reason":"enough"}}""");
        await AwaitBoardIdleAsync(TimeSpan.FromSeconds(1));
        Assert.True(cancelledAt.Elapsed < TimeSpan.FromSeconds(1));
        await client.SendAsync("""{"jsonrpc":"2.0","id":"after","method":"ping"}""");
        var (_, before) = await ResponseAsync(client, "after");
        Assert.DoesNotContain(before, f => (string?)f["id"] == "long");
    }

    [Fact]
    public async Task Twenty_concurrent_calls_are_each_answered_once()
    {
        await using var client = await ConnectAsync();
        await InitializeAsync(client, 0);
        var ids = Enumerable.Range(1, 20).ToList();
        await Task.WhenAll(ids.Select(i => client.SendAsync(Generate(i, $"question {i}", 4, progressToken: $"t{i}"))));
        var answered = new List<int>();
        var watch = Stopwatch.StartNew();
        while (answered.Count < ids.Count)
        {
            var frame = await client.ReadAsync(Bounded);
            AssertFrame(frame);
            if (frame["id"] is { Type: JTokenType.Integer } id)
            {
                Assert.False((bool)frame["result"]!["isError"]!, frame.ToString());
                answered.Add((int)id);
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        }
        Assert.Equal(ids, answered.Order());
    }

    [Fact]
    public async Task Fuzzed_frames_never_break_the_connection()
    {
        await using var client = await ConnectAsync();
        var i = 0;
        foreach (var frame in FuzzInput.Frames(seed: 11 + GetType().Name.Length, FuzzInput.FrameCount))
        {
            await client.SendFrameAsync(frame);
            // A ping after every frame proves the connection still answers, and bounds what the frame produced.
            await client.SendAsync($$"""{"jsonrpc":"2.0","id":"fz-{{i}}","method":"ping"}""");
            await ResponseAsync(client, $"fz-{i}");
            i++;
        }
        Assert.True(i >= 2000);
        await client.SendAsync(Initialize("final"));
        await ResponseAsync(client, "final");
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
