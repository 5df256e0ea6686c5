using System.Net;
using System.Text;
using Nano.Gateway.Hosting;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Transports.Udp;

namespace Nano.Gateway.Tests.Transports;

/// <summary>nano's UDP binding on 127.0.0.1: a datagram per message, retries executed once, size limits.</summary>
public class UdpTransportSpec : TransportSpecBase
{
    private readonly IPEndPoint _endpoint;

    public UdpTransportSpec(ITestOutputHelper output) : base(output, new GatewaySettings { UdpMaxDatagramBytes = 30_000 })
    {
        var socket = UdpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _endpoint = (IPEndPoint)socket.LocalEndPoint!;
        Sys.ActorOf(UdpListenerActor.Props(socket, Context), "udp");
    }

    protected override Task<IFrameClient> ConnectAsync() => Task.FromResult<IFrameClient>(new DatagramClient(_endpoint));

    [Fact]
    public async Task A_retried_request_runs_once_and_a_retry_after_the_answer_gets_the_same_answer()
    {
        await using var client = new DatagramClient(_endpoint);
        await InitializeAsync(client, 1);
        var request = Generate(2, "once", 4, progressToken: 2);
        await client.SendAsync(request);
        await client.SendAsync(request);
        var (answer, before) = await ResponseAsync(client, 2);
        // One run: one chunk sequence, counted from 1 without repeats.
        var progress = before.Select(p => (int)p["params"]!["progress"]!).ToList();
        Assert.Equal(Enumerable.Range(1, progress.Count), progress);
        await client.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""");
        var (_, between) = await ResponseAsync(client, 3);
        Assert.Empty(between);

        await client.SendAsync(request);
        var (replay, again) = await ResponseAsync(client, 2);
        Assert.Empty(again);
        Assert.True(JToken.DeepEquals(answer, replay));
    }

    [Fact]
    public async Task An_oversize_datagram_is_refused_with_a_clear_error()
    {
        await using var client = new DatagramClient(_endpoint);
        await client.SendFrameAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + new string('x', 40_000) + "\"}}"));
        var error = await client.ReadAsync(Bounded);
        Assert.Equal(JsonRpcErrorCodes.MessageTooLarge, (int)error["error"]!["code"]!);
        Assert.Equal(30_000, (int)error["error"]!["data"]!["max_bytes"]!);
        await client.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""");
        await ResponseAsync(client, 2);
    }

    [Fact]
    public async Task An_answer_too_large_for_a_datagram_becomes_a_message_too_large_error_for_its_id()
    {
        var small = Context with { Settings = Context.Settings with { UdpMaxDatagramBytes = 4096 } };
        var socket = UdpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Sys.ActorOf(UdpListenerActor.Props(socket, small), "udp-small");
        await using var client = new DatagramClient((IPEndPoint)socket.LocalEndPoint!);
        await InitializeAsync(client, 1);
        await client.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        var (response, _) = await ResponseAsync(client, 2);
        Assert.Equal(JsonRpcErrorCodes.MessageTooLarge, (int)response["error"]!["code"]!);
        Assert.Contains("use TCP or HTTP", (string?)response["error"]!["message"]);
    }

    [Fact]
    public async Task Peers_are_independent_sessions()
    {
        await using var legacy = new DatagramClient(_endpoint);
        await using var fresh = new DatagramClient(_endpoint);
        await InitializeAsync(legacy, 1);
        await fresh.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"resources/list"}""");
        var (error, _) = await ResponseAsync(fresh, 1);
        Assert.Equal(JsonRpcErrorCodes.InvalidParams, (int)error["error"]!["code"]!);
        await legacy.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"resources/list"}""");
        var (ok, _) = await ResponseAsync(legacy, 2);
        Assert.NotNull(ok["result"]);
    }
}
