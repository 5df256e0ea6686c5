using System.Net;
using System.Net.WebSockets;
using Akka.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>The Kestrel host behind IHttpTransportHost: listeners per port, bound ports reported, settings from HOCON.</summary>
public class HttpTransportHostSpec(ITestOutputHelper output) : HttpSpecBase(output)
{
    [Fact]
    public async Task Http_and_ws_on_separate_ports_serve_only_their_own_path()
    {
        await using var host = new HttpTransportHost(HttpTransportSettings.Default, name: "second");
        var listening = await host.StartAsync(new HttpTransportContext(Sys, Context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0), new TransportEndpoint(TransportKind.WebSocket, FreePort())]), CancellationToken.None);
        var (http, ws) = (listening[0].Address!, listening[1].Address!);
        Assert.NotEqual(http.Port, ws.Port);
        Assert.All(listening, l => Assert.NotEqual(0, l.Address!.Port));
        Assert.Equal($"nano: listening http 127.0.0.1:{http.Port}", listening[0].ToString());
        Assert.Equal($"nano: listening ws 127.0.0.1:{ws.Port}", listening[1].ToString());

        using var mcp = new McpClient(new Uri($"http://{http}/mcp"));
        using (var ok = await mcp.PostModernAsync(ModernRequest(1, "tools/list"))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var mcpOnWsPort = await mcp.Http.PostAsync(new Uri($"http://{ws}/mcp"), new StringContent("{}")))
            Assert.Equal(HttpStatusCode.NotFound, mcpOnWsPort.StatusCode);

        using var wrongPort = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => wrongPort.ConnectAsync(new Uri($"ws://{http}/ws"), CancellationToken.None));
        await using var socket = await WebSocket.WsClient.ConnectAsync(new Uri($"ws://{ws}/ws"));
        Assert.Equal("mcp", socket.Socket.SubProtocol);
    }

    [Fact]
    public async Task Stopping_the_host_ends_open_streams_and_frees_the_port()
    {
        var host = new HttpTransportHost(HttpTransportSettings.Default, name: "third");
        var listening = await host.StartAsync(new HttpTransportContext(Sys, Context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        using var mcp = new McpClient(new Uri($"http://{listening[0].Address}/mcp"));
        await mcp.InitializeAsync();
        using var stream = await mcp.GetAsync();
        var reading = MessagesAsync(stream);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync(CancellationToken.None);
        Output!.WriteLine($"stopped in {watch.ElapsedMilliseconds} ms");
        Assert.Empty(await reading.WaitAsync(Bounded));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {watch.Elapsed}");
        await host.DisposeAsync();
        using var listener = new System.Net.Sockets.TcpListener(listening[0].Address!);
        listener.Start();
    }

    [Fact]
    public void Settings_come_from_nano_gateway_http_over_the_defaults()
    {
        var settings = HttpTransportSettings.FromConfig(ConfigurationFactory.ParseString("""
            nano.gateway.http { allowed-origins = ["https://app.example"], resume-grace = 2s }
            """));
        Assert.Equal(["https://app.example"], settings.AllowedOrigins);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ResumeGrace);
        Assert.Equal(1024, settings.ReplayEvents);
        Assert.Equal(HttpTransportSettings.Default.AllowedOrigins, HttpTransportSettings.FromConfig(Config.Empty).AllowedOrigins);
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpTransportSettings.FromConfig(ConfigurationFactory.ParseString("nano.gateway.http.replay-events = 0")));
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
