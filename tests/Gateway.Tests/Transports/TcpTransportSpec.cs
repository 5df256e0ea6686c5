using System.Net;
using System.Net.Sockets;
using Nano.Gateway.Hosting;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Transports.Tcp;

namespace Nano.Gateway.Tests.Transports;

/// <summary>Raw newline-delimited JSON-RPC over TCP on 127.0.0.1 with an ephemeral port.</summary>
public class TcpTransportSpec : TransportSpecBase
{
    private readonly IPEndPoint _endpoint;

    public TcpTransportSpec(ITestOutputHelper output) : base(output, new GatewaySettings { MaxMessageBytes = 16 * 1024 })
    {
        var socket = TcpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _endpoint = (IPEndPoint)socket.LocalEndPoint!;
        Sys.ActorOf(TcpListenerActor.Props(socket, Context), "tcp");
    }

    protected override async Task<IFrameClient> ConnectAsync() => await LineClient.ConnectTcpAsync(_endpoint);

    [Fact]
    public async Task An_oversize_line_gets_one_error_and_the_stream_resynchronizes_at_the_next_newline()
    {
        await using var client = await LineClient.ConnectTcpAsync(_endpoint);
        var huge = Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + new string('x', 40_000) + "\"}}");
        await client.SendFrameAsync(huge);
        var error = await client.ReadAsync(Bounded);
        Assert.Equal(JsonRpcErrorCodes.MessageTooLarge, (int)error["error"]!["code"]!);
        Assert.Equal(16 * 1024, (int)error["error"]!["data"]!["max_bytes"]!);
        await client.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""");
        var (pong, before) = await ResponseAsync(client, 2);
        Assert.Empty(before);
        Assert.NotNull(pong["result"]);
    }

    [Fact]
    public async Task Frames_split_across_writes_and_crlf_endings_are_read_whole()
    {
        await using var client = await LineClient.ConnectTcpAsync(_endpoint);
        var frame = Utf8("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}\r\n{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}\n\n");
        foreach (var piece in frame.Chunk(7)) await client.SendRawAsync(piece);
        await ResponseAsync(client, 5);
        await ResponseAsync(client, 6);
    }

    [Fact]
    public async Task After_the_client_half_closes_running_requests_are_answered_then_the_connection_closes()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_endpoint);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Utf8(Initialize(1) + "\n" + Generate(2, "hi", 4) + "\n"));
        tcp.Client.Shutdown(SocketShutdown.Send);
        await using var client = new LineClient(stream, stream);
        var lines = await client.ReadToEndAsync(Bounded);
        Assert.Equal(2, lines.Count);
        Assert.Equal(2, (int)JToken.Parse(lines[1])["id"]!);
        Assert.NotNull(JToken.Parse(lines[1])["result"]);
    }

    [Fact]
    public async Task Closing_the_connection_cancels_its_runs_on_the_board()
    {
        var client = await LineClient.ConnectTcpAsync(_endpoint);
        await InitializeAsync(client, 1);
        await client.SendAsync(Generate("long", "go on", 2000, progressToken: 1));
        await client.ReadAsync(Bounded);
        Assert.True(await BoardBusyAsync(), "the run should be going on the board");
        await client.DisposeAsync();
        await AwaitBoardIdleAsync(TimeSpan.FromSeconds(1));
    }
}
