using System.Net;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Actors.Protocol;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.OpenAi;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>
/// A node in miniature for the OpenAI API: the real pool over the simulated NPU, the Kestrel host on 127.0.0.1 with
/// an ephemeral port serving <see cref="OpenAiApi"/>. <paramref name="scale"/> is the simulated clock's (1 = real time,
/// about 24 ms per token for the 0.5B model).
/// </summary>
public abstract class OpenAiSpecBase(ITestOutputHelper output, PoolSettings? pool = null, double scale = 0.05, int maxMessageBytes = 64 * 1024)
    : Akka.TestKit.Xunit.TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default), output: output)
{
    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    public static readonly ModelDefinition Tiny = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MaxInstances = 1, MemoryLimitMb = 700, MaxContextLen = 4096, MaxNewTokens = 4096,
    };

    /// <summary>Larger than the board's memory: every request for it is refused for lack of room.</summary>
    public static readonly ModelDefinition Huge = new() { Name = "huge", Path = "sim://qwen2-0.5b-w8a8", MemoryLimitMb = 1_000_000 };

    private HttpTransportHost? _host;

    protected IActorRef Pool { get; private set; } = ActorRefs.Nobody;
    protected Uri BaseUri { get; private set; } = new("http://127.0.0.1/");
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588", clock: new SimClock(scale)));
        Pool = Sys.ActorOf(PoolActor.Props(pool ?? new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20) }, [Tiny, Huge], _ => runtime, "test-node"), "pool");
        var context = new McpServerContext(Pool, new GatewaySettings { MaxMessageBytes = maxMessageBytes }, [Tiny, Huge]);
        _host = new HttpTransportHost(HttpTransportSettings.Default, apis: [new OpenAiApi()]);
        var listening = await _host.StartAsync(new HttpTransportContext(Sys, context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        BaseUri = new Uri($"http://{listening[0].Address}/");
    }

    protected override void AfterAll()
    {
        Http.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.AfterAll();
    }

    protected Uri V1 => new(BaseUri, "v1");

    protected Task<HttpResponseMessage> PostAsync(string path, string json, HttpCompletionOption option = HttpCompletionOption.ResponseContentRead,
        CancellationToken cancellationToken = default) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, path)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") },
            option, cancellationToken);

    protected static string Chat(string model, int maxTokens, bool stream = false, string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Tell me about the NPU."}],"max_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    /// <summary>Runs in flight on the tiny model's handles and requests waiting in its queue.</summary>
    protected async Task<(int Active, int Queued)> LoadAsync()
    {
        var snapshot = await Pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, Bounded);
        var model = snapshot.Models.Single(m => m.ModelId == Tiny.Name);
        return (model.Handles.Sum(h => h.ActiveRuns), model.QueueDepth);
    }

    protected static async Task<JObject> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        var error = Assert.IsType<JObject>(JObject.Parse(body)["error"]);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.False(string.IsNullOrEmpty((string?)error["type"]));
        Assert.True(error.ContainsKey("param") && error.ContainsKey("code"));
        return error;
    }
}
