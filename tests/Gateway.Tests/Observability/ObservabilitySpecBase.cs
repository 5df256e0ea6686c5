using McpClient = Nano.Gateway.Tests.Http.McpClient;
using System.Net;
using Akka.Configuration;
using Akka.TestKit;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Gateway.Hosting;
using Nano.Gateway.Http;
using Nano.Gateway.Mcp;
using Nano.Gateway.Observability;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.Observability;

/// <summary>
/// A node in miniature behind the HTTP listener on a loopback ephemeral port: the real pool over the simulated NPU,
/// MCP at /mcp and the observability APIs (/health, /ready, /metrics) beside it. Specs may swap the router.
/// </summary>
public abstract class ObservabilitySpecBase : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default);
    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    public const string Node = "observed-node";

    public static readonly ModelDefinition Tiny = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MaxInstances = 1, MemoryLimitMb = 700, MaxContextLen = 4096, MaxNewTokens = 8,
    };

    private HttpTransportHost? _host;
    private MetricsApi? _metrics;
    private McpClient? _mcp;

    protected ObservabilitySpecBase(ITestOutputHelper output) : base(SpecConfig, output: output)
    {
        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588", clock: new SimClock(0.05)));
        NpuLoadFile = Path.Combine(Path.GetTempPath(), $"nano-npu-load-{Guid.NewGuid():N}");
        var settings = new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20), NpuLoadFile = NpuLoadFile };
        Pool = Sys.ActorOf(PoolActor.Props(settings, [Tiny], _ => runtime, Node), "pool");
    }

    protected IActorRef Pool { get; }
    /// <summary>Where the pool samples the RKNPU load report for its status; absent unless a spec writes it.</summary>
    protected string NpuLoadFile { get; }
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    protected Uri Base { get; private set; } = null!;
    protected McpClient Mcp => _mcp ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the listener with <paramref name="router"/> (the pool unless given).</summary>
    protected async Task StartAsync(IActorRef? router = null, IReadOnlyList<ModelDefinition>? models = null)
    {
        var context = new McpServerContext(router ?? Pool, new GatewaySettings(), models ?? [Tiny]);
        _metrics = new MetricsApi();
        _host = new HttpTransportHost(HttpTransportSettings.Default, apis: [new HealthApi(), _metrics]);
        var listening = await _host.StartAsync(new HttpTransportContext(Sys, context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        Base = new Uri($"http://{listening[0].Address}/");
        _mcp = new McpClient(new Uri(Base, "mcp"));
    }

    /// <summary>A router answering GetClusterStatus with whatever <paramref name="status"/> gives at that moment.</summary>
    protected IActorRef Router(Func<ClusterStatus> status)
    {
        var probe = CreateTestProbe();
        probe.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetClusterStatus) sender.Tell(status());
            return AutoPilot.KeepRunning;
        }));
        return probe.Ref;
    }

    protected async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await Http.GetAsync(new Uri(Base, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    protected async Task<(HttpStatusCode Status, JObject Body)> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(Base, path));
        return (response.StatusCode, JObject.Parse(await response.Content.ReadAsStringAsync()));
    }

    protected override void AfterAll()
    {
        Http.Dispose();
        _mcp?.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _metrics?.Dispose();
        File.Delete(NpuLoadFile);
        base.AfterAll();
    }
}
