using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Benchmarks.Support;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Tcp;

namespace Nano.Benchmarks;

/// <summary>
/// Gateway + actor overhead with a zero-latency runtime: a raw MCP client on loopback TCP sends tools/call generate
/// (with a progressToken, so every token becomes a notifications/progress line) and reads lines until the answer.
/// One measurement is one request; Tokens = 1 gives the request overhead, the difference to Tokens = 256 the
/// per-token cost (TokenChunk → progress frame → socket → client parse of the line).
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class GatewayTcpBenchmarks
{
    private sealed class Config() : PerRequestConfig(iterations: 2000);

    [Params(1, 256)]
    public int Tokens { get; set; }

    private ActorSystem system = null!;
    private TcpClient client = null!;
    private StreamReader reader = null!;
    private Stream stream = null!;
    private int sequence = 1;

    [GlobalSetup]
    public void Setup()
    {
        (system, var pool, var model) = ZeroLatencyNode.Start(maxNewTokens: 1 << 16);
        var listener = TcpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        system.ActorOf(TcpListenerActor.Props(listener, new McpServerContext(pool, new GatewaySettings(), [model])));

        client = new TcpClient { NoDelay = true };
        client.Connect(IPAddress.Loopback, port);
        stream = client.GetStream();
        reader = new StreamReader(stream, Encoding.UTF8);
        Send("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""");
        ReadUntil(0);
        Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        Request(); // loads the handle
    }

    [Benchmark]
    public int Request()
    {
        var id = ++sequence;
        Send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"generate\",\"arguments\":{\"model\":\"zero\",\"prompt\":\"hi\",\"max_tokens\":"
            + Tokens + "},\"_meta\":{\"progressToken\":" + id + "}}}");
        return ReadUntil(id);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }

    private void Send(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        stream.Write(bytes);
    }

    // Counts lines until the response to the request: responses start with the id, notifications never carry one.
    private int ReadUntil(int id)
    {
        var prefix = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",";
        var lines = 0;
        while (reader.ReadLine() is { } line)
        {
            lines++;
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return lines;
        }
        throw new IOException("connection closed");
    }
}
