using System.Net.WebSockets;
using System.Text;
using Nano.Actors.Protocol;
using Nano.Gateway.Tests.Http;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.WebSocket;

/// <summary>MCP over WebSocket at /ws: one message per text message, subprotocol mcp, errors keep the connection.</summary>
public class WebSocketSpec(ITestOutputHelper output) : HttpSpecBase(output, gateway: new Hosting.GatewaySettings { MaxMessageBytes = 16 * 1024 })
{
    [Fact]
    public async Task The_mcp_subprotocol_is_echoed_when_offered_and_none_is_chosen_otherwise()
    {
        await using var offered = await WsClient.ConnectAsync(WsUri);
        Assert.Equal("mcp", offered.Socket.SubProtocol);
        await using var plain = await WsClient.ConnectAsync(WsUri, offerMcp: false);
        Assert.Null(plain.Socket.SubProtocol);
        await plain.SendAsync(ModernRequest(1, "tools/list"));
        Assert.Equal(1, (int)(await plain.ReceiveAsync())["id"]!);
    }

    [Fact]
    public async Task A_legacy_session_initializes_and_generates_with_progress_one_message_per_token()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Request("init", "initialize", new JObject
        {
            ["protocolVersion"] = "2025-06-18",
            ["capabilities"] = new JObject(),
            ["clientInfo"] = new JObject { ["name"] = "spec", ["version"] = "1" },
        }));
        Assert.Equal("2025-06-18", (string?)(await ws.ReceiveAsync())["result"]!["protocolVersion"]);
        await ws.SendAsync(Notification("notifications/initialized"));
        await ws.SendAsync(Request(2, "tools/list"));
        Assert.Equal(2, (int)(await ws.ReceiveAsync())["id"]!);
        await ws.SendAsync(Generate(3, maxTokens: 3, progressToken: 9));
        var messages = await ws.UntilAnswerAsync(3);
        Assert.Equal([1, 2, 3], messages.SkipLast(1).Select(m => (int)m["params"]!["progress"]!));
        Assert.All(messages.SkipLast(1), m => Assert.Equal(9, (int)m["params"]!["progressToken"]!));
    }

    [Fact]
    public async Task A_modern_request_is_served_on_the_socket_without_initialize()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Generate(1, progressToken: "t", modern: true));
        var messages = await ws.UntilAnswerAsync(1);
        Assert.Equal(4, messages.Count);
        Assert.Equal("complete", (string?)messages[^1]["result"]!["resultType"]);
    }

    [Fact]
    public async Task A_malformed_message_gets_an_error_and_the_connection_keeps_serving()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":"));
        var error = await ws.ReceiveAsync();
        Assert.Equal(-32700, (int)error["error"]!["code"]!);
        Assert.Equal(JTokenType.Null, error["id"]!.Type);
        await ws.SendAsync(ModernRequest(2, "tools/list"));
        Assert.Equal(2, (int)(await ws.ReceiveAsync())["id"]!);
    }

    [Fact]
    public async Task A_binary_message_gets_an_invalid_request_error_and_the_connection_stays_open()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Encoding.UTF8.GetBytes(ModernRequest(1, "tools/list").ToString()), WebSocketMessageType.Binary);
        var error = await ws.ReceiveAsync();
        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Contains("text", (string?)error["error"]!["message"]);
        await ws.SendAsync(ModernRequest(2, "tools/list"));
        Assert.Equal(2, (int)(await ws.ReceiveAsync())["id"]!);
    }

    [Fact]
    public async Task An_oversize_message_is_drained_and_refused_and_the_connection_stays_open()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Encoding.UTF8.GetBytes(Generate(1, prompt: new string('x', 40 * 1024), modern: true).ToString()));
        var error = await ws.ReceiveAsync();
        Assert.Equal(-31009, (int)error["error"]!["code"]!);
        await ws.SendAsync(ModernRequest(2, "tools/list"));
        Assert.Equal(2, (int)(await ws.ReceiveAsync())["id"]!);
    }

    [Fact]
    public async Task Closing_the_socket_cancels_the_connections_runs()
    {
        var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Generate(1, prompt: "hold", modern: true));
        var run = await NextRunAsync();
        await ws.DisposeAsync();
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
    }

    [Fact]
    public async Task A_socket_that_breaks_without_a_close_handshake_cancels_its_runs_too()
    {
        var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync(Generate(1, prompt: "hold", modern: true));
        var run = await NextRunAsync();
        ws.Socket.Abort();
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
    }

    [Fact]
    public async Task Twenty_concurrent_calls_on_one_socket_are_each_answered()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        for (var i = 1; i <= 20; i++) await ws.SendAsync(Generate(i, maxTokens: 2, progressToken: i, modern: true));
        var answered = new HashSet<int>();
        var progress = 0;
        while (answered.Count < 20)
        {
            var message = await ws.ReceiveAsync();
            if (message["method"] is not null) progress++;
            else answered.Add((int)message["id"]!);
        }
        Assert.Equal(Enumerable.Range(1, 20), answered.Order());
        Assert.Equal(40, progress);
    }

    [Fact]
    public async Task A_plain_http_request_to_the_websocket_path_is_426()
    {
        using var response = await Client.Http.GetAsync(new Uri(McpUri, "/ws"));
        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, response.StatusCode);
    }
}
