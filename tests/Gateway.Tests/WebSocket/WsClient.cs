using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.WebSocket;

/// <summary>A ClientWebSocket speaking one JSON-RPC message per text message, for specs.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    private readonly byte[] _buffer = new byte[64 * 1024];

    private WsClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <param name="validate">Checks the server's certificate (wss:// with a self-signed one); null: the system's trust.</param>
    public static async Task<WsClient> ConnectAsync(Uri uri, bool offerMcp = true, System.Net.Security.RemoteCertificateValidationCallback? validate = null)
    {
        var socket = new ClientWebSocket();
        if (offerMcp) socket.Options.AddSubProtocol("mcp");
        if (validate is not null) socket.Options.RemoteCertificateValidationCallback = validate;
        using var timeout = new CancellationTokenSource(Bounded);
        await socket.ConnectAsync(uri, timeout.Token);
        return new WsClient(socket);
    }

    public Task SendAsync(JToken message) => SendAsync(Encoding.UTF8.GetBytes(message.ToString(Formatting.None)));

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(Bounded);
        await Socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message as JSON; throws when none comes in time or the socket closes.</summary>
    public async Task<JToken> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Bounded);
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"closed: {result.CloseStatus} {result.CloseStatusDescription}");
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage) return JToken.Parse(Encoding.UTF8.GetString(message.ToArray()));
        }
    }

    /// <summary>Messages until the answer with <paramref name="id"/> (inclusive).</summary>
    public async Task<List<JObject>> UntilAnswerAsync(object id)
    {
        var messages = new List<JObject>();
        var expected = JToken.FromObject(id);
        while (true)
        {
            var message = (JObject)await ReceiveAsync();
            messages.Add(message);
            if (message["method"] is null && JToken.DeepEquals(message["id"], expected)) return messages;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Bounded);
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        Socket.Dispose();
    }
}
