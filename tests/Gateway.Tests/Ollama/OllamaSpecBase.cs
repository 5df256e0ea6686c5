using System.Net;
using System.Text;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Ollama;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.Ollama;

/// <summary>
/// The Ollama API on a Kestrel listener at 127.0.0.1 (ephemeral port) in front of the real pool over the simulated
/// NPU at a fast time scale; HttpClient talks to it over loopback.
/// </summary>
public abstract class OllamaSpecBase : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default);
    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    /// <summary>A Qwen2-0.5B-class simulated model: about 1.2 ms per token at the 0.05 time scale used here.</summary>
    public static readonly ModelDefinition Tiny = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MaxInstances = 1, MemoryLimitMb = 700, MaxContextLen = 4096, MaxNewTokens = 8,
    };

    private HttpTransportHost? _host;

    protected OllamaSpecBase(ITestOutputHelper output, Func<OllamaSpecBase, IActorRef>? router = null) : base(SpecConfig, output: output)
    {
        Cancels = CreateTestProbe("cancels");
        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588", clock: new SimClock(0.05)));
        Pool = router?.Invoke(this)
               ?? Sys.ActorOf(PoolActor.Props(new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20) }, [Tiny], _ => runtime, "test-node"), "pool");
        Context = new McpServerContext(Pool, new GatewaySettings { MaxMessageBytes = 64 * 1024 }, [Tiny]);
    }

    protected IActorRef Pool { get; }
    /// <summary>For specs that pass their own router: a probe it may report CancelRequests to.</summary>
    public Akka.TestKit.TestProbe Cancels { get; }
    protected McpServerContext Context { get; }
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _host = new HttpTransportHost(HttpTransportSettings.Default, name: "ollama", apis: [new OllamaApi()]);
        var listening = await _host.StartAsync(new HttpTransportContext(Sys, Context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        Http.BaseAddress = new Uri($"http://{listening[0].Address}");
    }

    protected override void AfterAll()
    {
        Http.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.AfterAll();
    }

    protected Task<HttpResponseMessage> PostAsync(string path, string json, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        CancellationToken cancellationToken = default) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            completion, cancellationToken);

    protected Task<HttpResponseMessage> PostAsync(string path, JObject body) => PostAsync(path, body.ToString(Newtonsoft.Json.Formatting.None));

    protected static async Task<JObject> JsonAsync(HttpResponseMessage response) =>
        JObject.Parse(await response.Content.ReadAsStringAsync().WaitAsync(Bounded));

    /// <summary>Every NDJSON line of a streamed answer, each parsed.</summary>
    protected static async Task<List<JObject>> LinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Bounded);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
    }
}
