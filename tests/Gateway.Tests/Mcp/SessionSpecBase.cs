using System.Text;
using Akka.Configuration;
using Akka.TestKit;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Runtime;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>A session with TestProbes for the model router (the pool) and the transport; frames in as text, out as JSON.</summary>
public abstract class SessionSpecBase : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.debug.unhandled = on
        """);

    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(5);

    public static readonly ModelDefinition TextModel = new() { Name = "qwen", Path = "sim://qwen2.5-1.5b-w8a8", Loras = [new("demo", "/x.bin")] };

    public static readonly ModelDefinition VisionModel = new()
    {
        Name = "vl",
        Path = "sim://qwen3-vl-2b-w8a8",
        Multimodal = new MultimodalDefinition("sim://vision", ImageTokens: 4, EmbedDim: 8, ImageWidth: 32, ImageHeight: 32),
    };

    protected SessionSpecBase(ITestOutputHelper output, GatewaySettings? settings = null) : base(SpecConfig, output: output)
    {
        Pool = CreateTestProbe("pool");
        Transport = CreateTestProbe("transport");
        Context = new McpServerContext(Pool.Ref, settings ?? new GatewaySettings { CommandTimeout = TimeSpan.FromSeconds(3) }, [TextModel, VisionModel]);
        Session = Sys.ActorOf(McpSessionActor.Props(Context, Transport.Ref));
    }

    protected TestProbe Pool { get; }
    protected TestProbe Transport { get; }
    protected McpServerContext Context { get; }
    protected IActorRef Session { get; }

    protected void Send(string json) => Session.Tell(new InboundMessage(Encoding.UTF8.GetBytes(json)));

    protected void Send(JObject message) => Send(message.ToString(Formatting.None));

    protected async Task<(JToken Frame, OutboundMessage Message)> NextAsync()
    {
        var message = await Transport.ExpectMsgAsync<OutboundMessage>(Bounded);
        Assert.DoesNotContain((byte)'\n', message.Payload);
        return (JToken.Parse(Encoding.UTF8.GetString(message.Payload)), message);
    }

    protected async Task<JObject> NextFrameAsync() => (JObject)(await NextAsync()).Frame;

    /// <summary>The next frame, which must be the response to <paramref name="id"/>: its result.</summary>
    protected async Task<JObject> ResultAsync(object id)
    {
        var (frame, message) = await NextAsync();
        Assert.Equal(OutboundKind.Response, message.Kind);
        Assert.True(frame["result"] is JObject, $"expected a result, got {frame}");
        Assert.Equal(JToken.FromObject(id), frame["id"]);
        return (JObject)frame["result"]!;
    }

    /// <summary>The next frame, which must be an error response: its error object.</summary>
    protected async Task<JObject> ErrorAsync(object? id, int code)
    {
        var frame = await NextFrameAsync();
        Assert.True(frame["error"] is JObject, $"expected an error, got {frame}");
        Assert.Equal(id is null ? JValue.CreateNull() : JToken.FromObject(id), frame["id"]);
        Assert.Equal(code, (int)frame["error"]!["code"]!);
        return (JObject)frame["error"]!;
    }

    protected static JObject Request(object id, string method, JObject? parameters = null)
    {
        var request = new JObject { ["jsonrpc"] = "2.0", ["id"] = JToken.FromObject(id), ["method"] = method };
        if (parameters is not null) request["params"] = parameters;
        return request;
    }

    protected static JObject ModernMeta(JObject? extra = null)
    {
        var meta = new JObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
            ["io.modelcontextprotocol/clientCapabilities"] = new JObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JObject { ["name"] = "spec", ["version"] = "1" },
        };
        if (extra is not null) meta.Merge(extra);
        return meta;
    }

    protected static JObject ToolCall(string tool, JObject arguments, JObject? meta = null)
    {
        var parameters = new JObject { ["name"] = tool, ["arguments"] = arguments };
        if (meta is not null) parameters["_meta"] = meta;
        return parameters;
    }

    protected async Task<JObject> InitializeAsync(string version = "2025-11-25")
    {
        Send(Request("init", "initialize", new JObject
        {
            ["protocolVersion"] = version,
            ["capabilities"] = new JObject(),
            ["clientInfo"] = new JObject { ["name"] = "spec", ["version"] = "1" },
        }));
        var result = await ResultAsync("init");
        Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return result;
    }

    protected async Task<Nano.Actors.Protocol.GenerateRequest> ExpectGenerateAsync() =>
        await Pool.ExpectMsgAsync<Nano.Actors.Protocol.GenerateRequest>(Bounded);

    protected static Nano.Actors.Protocol.RunOrigin Origin(string model = "qwen", bool simulated = true) =>
        new("node-1", model, 3, simulated ? "sim" : "native", simulated);

    protected static Nano.Actors.Protocol.Completed Done(string runId, int tokens = 2, string model = "qwen", bool simulated = true) =>
        new(runId, Nano.Actors.Protocol.FinishReason.Stop, new Nano.Actors.Protocol.Usage(5, tokens),
            new RkllmPerfStats(10, 5, 20, tokens, 100), Origin(model, simulated)) { TimeToFirstTokenMs = 12.5 };
}
