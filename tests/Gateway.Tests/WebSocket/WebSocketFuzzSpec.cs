using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using Nano.Gateway.Tests.Http;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.WebSocket;

/// <summary>
/// Fuzzed messages on one socket: every reply is a JSON-RPC message and the socket keeps serving. Invalid UTF-8 in a
/// text message is the exception RFC 6455 mandates: the server fails that connection (1007) and serves new ones.
/// </summary>
public class WebSocketFuzzSpec(ITestOutputHelper output) : HttpSpecBase(output, gateway: new Hosting.GatewaySettings { MaxMessageBytes = 64 * 1024 })
{
    [Fact]
    public async Task Thousands_of_fuzzed_messages_leave_the_socket_serving()
    {
        await using var ws = await WsClient.ConnectAsync(WsUri);
        var random = new Random(99);
        var sent = 0;
        foreach (var frame in FuzzInput.Frames(seed: 43, FuzzInput.FrameCount))
        {
            // Invalid UTF-8 would end the socket (see the next spec), so it goes as a binary message here.
            var type = !Utf8.IsValid(frame) || random.Next(20) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            await ws.SendAsync(frame, type);
            if (++sent % 200 == 0) await AnswersAsync(ws, $"probe-{sent}");
        }
        await AnswersAsync(ws, "last");
        Assert.Equal(WebSocketState.Open, ws.Socket.State);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_message_fails_that_connection_only()
    {
        var ws = await WsClient.ConnectAsync(WsUri);
        await ws.SendAsync([0x22, 0xFF, 0x22]);
        await Assert.ThrowsAnyAsync<Exception>(async () => { while (true) await ws.ReceiveAsync(); });
        await ws.DisposeAsync();
        await using var next = await WsClient.ConnectAsync(WsUri);
        await next.SendAsync(ModernRequest(1, "tools/list"));
        Assert.Equal(1, (int)(await next.ReceiveAsync())["id"]!);
    }

    /// <summary>Sends a valid request and reads until its answer: everything before it must be a JSON-RPC message.</summary>
    private static async Task AnswersAsync(WsClient ws, string id)
    {
        await ws.SendAsync(ModernRequest(id, "tools/list"));
        foreach (var message in await ws.UntilAnswerAsync(id))
            Assert.True(message["jsonrpc"]?.ToString() == "2.0", message.ToString());
    }
}
