using System.Net;
using Akka.Configuration;
using Akka.TestKit;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;

namespace Nano.Gateway.Tests.Http;

/// <summary>
/// A Kestrel gateway on 127.0.0.1 with an ephemeral port serving /mcp and /ws, in front of real MCP sessions and a
/// <see cref="FakePool"/>; HttpClient and ClientWebSocket talk to it over loopback.
/// </summary>
public abstract class HttpSpecBase : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = INFO");
    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    public static readonly ModelDefinition TextModel = new() { Name = "qwen", Path = "sim://qwen2.5-1.5b-w8a8" };

    private readonly HttpTransportSettings _settings;
    private HttpTransportHost? _host;
    private IReadOnlyList<ListeningEndpoint> _listening = [];
    private McpClient? _client;

    protected HttpSpecBase(ITestOutputHelper output, HttpTransportSettings? settings = null, GatewaySettings? gateway = null)
        : base(SpecConfig, output: output)
    {
        _settings = settings ?? HttpTransportSettings.Default;
        Cancels = CreateTestProbe("cancels");
        Accepted = CreateTestProbe("accepted");
        Pool = Sys.ActorOf(FakePool.Props(Cancels.Ref, Accepted.Ref), "pool");
        Context = new McpServerContext(Pool, gateway ?? new GatewaySettings(), [TextModel]);
    }

    /// <summary>Every CancelRequest the pool received.</summary>
    protected TestProbe Cancels { get; }
    /// <summary>Every GenerateRequest the pool received.</summary>
    protected TestProbe Accepted { get; }
    protected IActorRef Pool { get; }
    protected McpServerContext Context { get; }
    protected McpClient Client => _client ?? throw new InvalidOperationException("not started");
    protected Uri McpUri => new($"http://{_listening[0].Address}/mcp");
    protected Uri WsUri => new($"ws://{_listening[1].Address}/ws");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _host = new HttpTransportHost(_settings);
        _listening = await _host.StartAsync(new HttpTransportContext(Sys, Context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0), new TransportEndpoint(TransportKind.WebSocket, 0)]), CancellationToken.None);
        _client = new McpClient(McpUri);
    }

    protected override void AfterAll()
    {
        _client?.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.AfterAll();
    }

    /// <summary>The pool's id of the next generate the sessions send (to release a held run).</summary>
    protected async Task<string> NextRunAsync() => (await Accepted.ExpectMsgAsync<Nano.Actors.Protocol.GenerateRequest>(Bounded)).RequestId;
}
