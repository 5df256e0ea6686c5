using System.IO.Pipelines;
using System.Net;
using Akka.Configuration;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Actors.Protocol;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Ollama;
using Nano.Gateway.OpenAi;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Gateway.Transports.Stdio;
using Nano.Gateway.Transports.Tcp;
using Nano.Gateway.Transports.Udp;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// One in-process node for every fuzz spec: the real pool over the zero-latency runtime (sim://zero: tokens cost
/// nothing, so the run measures the gateway), and every transport on 127.0.0.1 with ephemeral ports — TCP, UDP,
/// Kestrel serving /mcp, /ws, the OpenAI and the Ollama APIs — plus stdio transports over in-process pipes.
/// Its <see cref="Log"/> collects what would mean a frame broke it.
/// </summary>
public sealed class FuzzNode : IAsyncLifetime
{
    public const int MaxMessageBytes = 16 * 1024;
    public const int MaxJsonDepth = 64;
    public const int UdpMaxDatagramBytes = 32 * 1024;

    /// <summary>The model fuzzed frames call; tools may unload it, abort its runs, fail to remove it.</summary>
    public static readonly ModelDefinition Zero = new()
    {
        Name = ToolArgumentsGen.Model, Path = ZeroLatencyRuntime.ModelPath, MaxInstances = 2, MemoryLimitMb = 1, MaxContextLen = 4096, MaxNewTokens = 8,
    };

    /// <summary>The model of the round trips after each run, which generated frames never name.</summary>
    public static readonly ModelDefinition Probe = Zero with { Name = "probe", MaxInstances = 1 };

    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = ERROR")
        .WithFallback(NanoActorsConfig.Default);

    private HttpTransportHost? _http;
    private readonly ILoggerFactory _loggers;

    public FuzzNode()
    {
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(Log));
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    public ServerLog Log { get; } = new();
    public ActorSystem Sys { get; private set; } = null!;
    public IActorRef Pool { get; private set; } = ActorRefs.Nobody;
    public McpServerContext Context { get; private set; } = null!;
    public IPEndPoint Tcp { get; private set; } = null!;
    public IPEndPoint Udp { get; private set; } = null!;
    public Uri Http { get; private set; } = null!;
    public Uri Ws { get; private set; } = null!;
    private IActorRef[] _listeners = [];

    public async ValueTask InitializeAsync()
    {
        Sys = ActorSystem.Create("fuzz", NodeConfig);
        var listener = Sys.ActorOf(Akka.Actor.Props.Create(() => new ServerLog.Listener(Log)), "server-log");
        Sys.EventStream.Subscribe(listener, typeof(Error));
        Sys.EventStream.Subscribe(listener, typeof(Warning));

        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588"));
        var pool = new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(5), QueueCapacityPerModel = 256 };
        Pool = Sys.ActorOf(PoolActor.Props(pool, [Zero, Probe], _ => runtime, "fuzz-node"), "pool");
        Context = new McpServerContext(Pool, new GatewaySettings
        {
            MaxMessageBytes = MaxMessageBytes, MaxJsonDepth = MaxJsonDepth, UdpMaxDatagramBytes = UdpMaxDatagramBytes,
        }, [Zero, Probe]);

        var tcp = TcpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Tcp = (IPEndPoint)tcp.LocalEndPoint!;
        var udp = UdpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // Room for a pipelined burst: loopback drops datagrams only when the receiver's buffer is full.
        udp.ReceiveBufferSize = 8 * 1024 * 1024;
        Udp = (IPEndPoint)udp.LocalEndPoint!;
        _listeners =
        [
            Sys.ActorOf(TcpListenerActor.Props(tcp, Context), "tcp"),
            Sys.ActorOf(UdpListenerActor.Props(udp, Context), "udp"),
        ];

        _http = new HttpTransportHost(HttpTransportSettings.Default, _loggers, "fuzz", [new OpenAiApi(), new OllamaApi()]);
        var listening = await _http.StartAsync(new HttpTransportContext(Sys, Context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0), new TransportEndpoint(TransportKind.WebSocket, 0)]), CancellationToken.None);
        Http = new Uri($"http://{listening[0].Address}/");
        Ws = new Uri($"ws://{listening[1].Address}/ws");
    }

    /// <summary>A new stdio transport over pipes: the client's end (write to its stdin, read its stdout).</summary>
    public (Stream Stdin, Stream Stdout, Task Closed) StartStdio(string name)
    {
        var stdin = new Pipe();
        var stdout = new Pipe();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Sys.ActorOf(StdioTransportActor.Props(stdin.Reader.AsStream(), stdout.Writer.AsStream(), Context, () => closed.TrySetResult()), name);
        return (stdin.Writer.AsStream(), stdout.Reader.AsStream(), closed.Task);
    }

    /// <summary>The node is still up: the pool answers, the TCP and UDP listeners live.</summary>
    public async Task AssertAliveAsync()
    {
        var snapshot = await Pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.Contains(snapshot.Models, m => m.ModelId == Probe.Name);
        foreach (var actor in _listeners)
        {
            var identity = await actor.Ask<ActorIdentity>(new Identify(actor.Path.Name), TimeSpan.FromSeconds(10));
            Assert.True(identity.Subject is not null, $"the {actor.Path.Name} listener has stopped");
        }
    }

    /// <summary>Fails with every error the node logged since <paramref name="mark"/>, with the replay hint.</summary>
    public void AssertNoErrorsSince(int mark, string spec)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var errors = Log.ErrorsSince(mark).ToList();
        Assert.True(errors.Count == 0, FuzzRun.Replay($"{spec}: the node logged {errors.Count} error(s):\n{string.Join("\n", errors.Take(10))}"));
    }

    public async ValueTask DisposeAsync()
    {
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
        if (_http is not null)
        {
            await _http.StopAsync(CancellationToken.None);
            await _http.DisposeAsync();
        }
        await Sys.Terminate();
        _loggers.Dispose();
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Log.Unobserved(e.Exception);
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzNode>
{
    public const string Name = "fuzz";
}
