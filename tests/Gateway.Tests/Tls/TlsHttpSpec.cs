using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.OpenAi;
using Nano.Gateway.Tests.WebSocket;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.Tls;

/// <summary>
/// Streamable HTTP, WebSocket and the OpenAI API over HTTPS (Kestrel with nano.gateway.tls) on one loopback listener,
/// in front of the real pool over the simulated NPU; clients trust only the runtime-generated self-signed certificate.
/// </summary>
public sealed class TlsHttpSpec : Akka.TestKit.Xunit.TestKit, IClassFixture<SelfSignedCertificate>
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default);

    private static readonly ModelDefinition Tiny = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MaxInstances = 1, MemoryLimitMb = 700, MaxContextLen = 4096, MaxNewTokens = 8,
    };

    private readonly SelfSignedCertificate _certificate;
    private readonly McpServerContext _context;
    private readonly HttpClient _https;
    private HttpTransportHost? _host;
    private IPEndPoint _endpoint = null!;

    public TlsHttpSpec(ITestOutputHelper output, SelfSignedCertificate certificate) : base(SpecConfig, output: output)
    {
        _certificate = certificate;
        _https = certificate.HttpClient();
        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588", clock: new SimClock(0.05)));
        var pool = Sys.ActorOf(PoolActor.Props(new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20) }, [Tiny], _ => runtime, "test-node"), "pool");
        _context = new McpServerContext(pool, new GatewaySettings { Tls = certificate.Settings }, [Tiny]);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _host = new HttpTransportHost(HttpTransportSettings.Default, apis: [new OpenAiApi()]);
        var listening = await _host.StartAsync(new HttpTransportContext(Sys, _context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0), new TransportEndpoint(TransportKind.WebSocket, 0)]), CancellationToken.None);
        _endpoint = listening[0].Address!;
    }

    protected override void AfterAll()
    {
        _https.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.AfterAll();
    }

    private Uri Https(string path) => new($"https://localhost:{_endpoint.Port}/{path}");

    [Fact]
    public async Task Mcp_over_https_initializes_and_generates()
    {
        using var init = await PostMcpAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"tls","version":"1"}}}""");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();
        Assert.Equal("2025-11-25", (string?)JObject.Parse(await init.Content.ReadAsStringAsync())["result"]!["protocolVersion"]);

        using var generate = await PostMcpAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"generate","arguments":{"model":"tiny","prompt":"Hello over HTTPS","max_tokens":4}}}""",
            session);
        Assert.Equal(HttpStatusCode.OK, generate.StatusCode);
        var result = JObject.Parse(await generate.Content.ReadAsStringAsync())["result"]!;
        Assert.False((bool)result["isError"]!);
        Assert.True((bool)result["structuredContent"]!["simulated"]!);
    }

    [Fact]
    public async Task WebSocket_over_wss_initializes_and_generates()
    {
        await using var ws = await WsClient.ConnectAsync(new Uri($"wss://localhost:{_endpoint.Port}/ws"), validate: _certificate.Callback);
        await ws.SendAsync(JObject.Parse("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"tls","version":"1"}}}"""));
        Assert.Equal("2025-11-25", (string?)(await ws.UntilAnswerAsync(1))[^1]["result"]!["protocolVersion"]);
        await ws.SendAsync(JObject.Parse("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"generate","arguments":{"model":"tiny","prompt":"Hello over WSS","max_tokens":4}}}"""));
        var answer = (await ws.UntilAnswerAsync(2))[^1];
        Assert.False((bool)answer["result"]!["isError"]!);
    }

    [Fact]
    public async Task The_openai_api_answers_over_https()
    {
        using var response = await _https.PostAsync(Https("v1/chat/completions"), new StringContent(
            """{"model":"tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":4}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["object"]);
    }

    [Fact]
    public async Task Plain_http_on_the_tls_port_fails_and_the_port_keeps_serving_https()
    {
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://127.0.0.1:{_endpoint.Port}/v1/models")));
        using (var untrusting = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(Https("v1/models")));

        using var models = await _https.GetAsync(Https("v1/models"));
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    private async Task<HttpResponseMessage> PostMcpAsync(string body, string? session = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Https("mcp")) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }
        return await _https.SendAsync(request);
    }
}
