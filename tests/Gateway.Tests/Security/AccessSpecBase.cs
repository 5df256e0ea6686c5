using System.Net;
using System.Net.Http.Headers;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Gateway.Admin;
using Nano.Gateway.Hosting;
using Nano.Gateway.Http;
using Nano.Gateway.Mcp;
using Nano.Gateway.Observability;
using Nano.Gateway.Ollama;
using Nano.Gateway.OpenAi;
using Nano.Gateway.Security;
using Nano.Gateway.Tests.Http;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Gateway.Transports.Tcp;
using Nano.Gateway.Transports.Udp;

namespace Nano.Gateway.Tests.Security;

/// <summary>
/// A gateway with API keys on loopback: /mcp, /ws and the HTTP APIs on one ephemeral port, TCP and UDP beside them,
/// every transport sharing one <see cref="AccessControl"/> in front of a <see cref="FakePool"/>. Two models: "qwen"
/// and "secret". Keys: "app" (qwen only), "ops" (admin, every model).
/// </summary>
public abstract class AccessSpecBase : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING");
    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    public const string AppKey = "app-secret-0123";
    public const string OpsKey = "ops-secret-4567";
    public static readonly ModelDefinition Qwen = new() { Name = "qwen", Path = "sim://qwen2.5-1.5b-w8a8" };
    public static readonly ModelDefinition Secret = new() { Name = "secret", Path = "sim://qwen2-0.5b-w8a8" };

    private HttpTransportHost? _host;
    private IReadOnlyList<ListeningEndpoint> _listening = [];

    protected AccessSpecBase(ITestOutputHelper output, LimitSettings? limits = null) : base(SpecConfig, output: output)
    {
        var auth = new AuthSettings
        {
            Keys =
            [
                new ApiKey("app", ApiKeyHash.Of(AppKey)) { Models = new HashSet<string> { "qwen" } },
                new ApiKey("ops", ApiKeyHash.Of(OpsKey)) { Admin = true },
            ],
            MaxFailures = 3,
        };
        Access = new AccessControl(auth, new ClientLimiter(limits ?? LimitSettings.Default), new AuditLog(Loggers));
        Accepted = CreateTestProbe("accepted");
        Pool = Sys.ActorOf(FakePool.Props(CreateTestProbe("cancels").Ref, Accepted.Ref), "pool");
        Context = new McpServerContext(Pool, new GatewaySettings(), [Qwen, Secret]) { Access = Access };
        var tcp = TcpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        TcpEndpoint = (IPEndPoint)tcp.LocalEndPoint!;
        Sys.ActorOf(TcpListenerActor.Props(tcp, Context), "tcp");
        var udp = UdpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        UdpEndpoint = (IPEndPoint)udp.LocalEndPoint!;
        Sys.ActorOf(UdpListenerActor.Props(udp, Context), "udp");
    }

    protected CapturingLoggers Loggers { get; } = new();
    protected AccessControl Access { get; }
    protected IActorRef Pool { get; }
    /// <summary>Every GenerateRequest the pool received.</summary>
    protected Akka.TestKit.TestProbe Accepted { get; }
    protected McpServerContext Context { get; }
    protected IPEndPoint TcpEndpoint { get; }
    protected IPEndPoint UdpEndpoint { get; }
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    protected Uri Base => new($"http://{_listening[0].Address}");
    protected Uri WsUri => new($"ws://{_listening[1].Address}/ws");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        IHttpApi[] apis = [new OpenAiApi(), new OllamaApi(), new AdminApi(), new HealthApi(), new MetricsApi()];
        _host = new HttpTransportHost(HttpTransportSettings.Default, Loggers, apis: apis);
        _listening = await _host.StartAsync(new HttpTransportContext(Sys, Context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0), new TransportEndpoint(TransportKind.WebSocket, 0)]), CancellationToken.None);
    }

    protected override void AfterAll()
    {
        Http.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Access.Dispose();
        base.AfterAll();
    }

    protected HttpRequestMessage Request(HttpMethod method, string path, string? key, JObject? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Base, path));
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null) request.Content = new StringContent(body.ToString(Newtonsoft.Json.Formatting.None), System.Text.Encoding.UTF8, "application/json");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    protected async Task<(HttpResponseMessage Response, JToken? Body)> SendAsync(HttpMethod method, string path, string? key, JObject? body = null)
    {
        var response = await Http.SendAsync(Request(method, path, key, body));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 || text[0] is not ('{' or '[') ? null : JToken.Parse(text));
    }

    protected static JObject Rpc(object id, string method, JObject? parameters = null)
    {
        var message = new JObject { ["jsonrpc"] = "2.0", ["id"] = JToken.FromObject(id), ["method"] = method };
        if (parameters is not null) message["params"] = parameters;
        return message;
    }

    protected static JObject Initialize(object id, string? key) => Rpc(id, "initialize", new JObject
    {
        ["protocolVersion"] = "2025-11-25",
        ["capabilities"] = new JObject(),
        ["clientInfo"] = new JObject { ["name"] = "spec", ["version"] = "1" },
        ["_meta"] = key is null ? new JObject() : new JObject { ["apiKey"] = key },
    });

    protected static JObject Call(object id, string tool, JObject arguments, string? key = null)
    {
        var parameters = new JObject { ["name"] = tool, ["arguments"] = arguments };
        if (key is not null) parameters["_meta"] = new JObject { ["apiKey"] = key };
        return Rpc(id, "tools/call", parameters);
    }

    protected static JObject Generate(object id, string model, string? key = null, string prompt = "hello") =>
        Call(id, "generate", new JObject { ["model"] = model, ["prompt"] = prompt, ["max_tokens"] = 2 }, key);
}
