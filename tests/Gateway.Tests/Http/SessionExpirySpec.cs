using System.Net;
using System.Net.WebSockets;
using Nano.Gateway.Hosting;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>Idle sessions end (nano.gateway.idle-timeout): an expired HTTP session is 404, an idle WebSocket is closed.</summary>
public class SessionExpirySpec(ITestOutputHelper output)
    : HttpSpecBase(output, gateway: new GatewaySettings { IdleTimeout = TimeSpan.FromMilliseconds(300) })
{
    [Fact]
    public async Task An_idle_http_session_expires_and_is_then_404()
    {
        await Client.InitializeAsync();
        // Asking would be activity; the session's own stream ends when the session does.
        using var stream = await Client.GetAsync();
        Assert.Empty(await MessagesAsync(stream).WaitAsync(Bounded));
        using var response = await Client.PostAsync(Request(1, "tools/list"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_session_with_a_request_running_does_not_expire()
    {
        await Client.InitializeAsync();
        var call = Client.PostAsync(Generate(1, prompt: "hold"));
        var run = await NextRunAsync();
        await Cancels.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(900));
        Pool.Tell(new FakePool.Release(run));
        using var answer = await call.WaitAsync(Bounded);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task An_idle_websocket_is_closed_normally()
    {
        await using var ws = await WebSocket.WsClient.ConnectAsync(WsUri);
        var closed = await Assert.ThrowsAsync<InvalidOperationException>(() => ws.ReceiveAsync());
        Assert.Contains("idle", closed.Message);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.Socket.CloseStatus);
    }
}
