using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Nano.MemoryProbe;

/// <summary>
/// Idle MCP sessions held open: each connects, sends `initialize`, waits for its answer, sends
/// `notifications/initialized`, then does nothing until disposed.
/// </summary>
internal sealed class IdleSessions : IAsyncDisposable
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"memory-probe","version":"1"}}}""";
    private const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";
    private static readonly TimeSpan HandshakeBound = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _open = [];

    /// <summary>Opens <paramref name="count"/> TCP sessions (newline-delimited JSON-RPC), one after another.</summary>
    public static async Task<IdleSessions> OpenTcpAsync(IPEndPoint endpoint, int count, CancellationToken cancel)
    {
        var sessions = new IdleSessions();
        for (var i = 0; i < count; i++)
        {
            var client = new TcpClient { NoDelay = true };
            sessions._open.Add(client);
            using var bound = Bound(cancel);
            await client.ConnectAsync(endpoint, bound.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Initialize + "\n"), bound.Token);
            await ReadLineAsync(stream, bound.Token);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Initialized + "\n"), bound.Token);
        }
        return sessions;
    }

    /// <summary>Opens <paramref name="count"/> WebSocket sessions on ws://host:port/ws, one after another.</summary>
    public static async Task<IdleSessions> OpenWebSocketAsync(IPEndPoint endpoint, int count, CancellationToken cancel)
    {
        var sessions = new IdleSessions();
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < count; i++)
        {
            var socket = new ClientWebSocket();
            sessions._open.Add(socket);
            using var bound = Bound(cancel);
            await socket.ConnectAsync(new Uri($"ws://{endpoint}/ws"), bound.Token);
            await socket.SendAsync(Encoding.UTF8.GetBytes(Initialize), WebSocketMessageType.Text, true, bound.Token);
            WebSocketReceiveResult received;
            do received = await socket.ReceiveAsync(buffer, bound.Token);
            while (!received.EndOfMessage);
            await socket.SendAsync(Encoding.UTF8.GetBytes(Initialized), WebSocketMessageType.Text, true, bound.Token);
        }
        return sessions;
    }

    public int Count => _open.Count;

    private static async Task ReadLineAsync(NetworkStream stream, CancellationToken cancel)
    {
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancel) == 1 && one[0] != (byte)'\n') { }
    }

    private static CancellationTokenSource Bound(CancellationToken cancel)
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bound.CancelAfter(HandshakeBound);
        return bound;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var connection in _open) connection.Dispose();
        _open.Clear();
        return ValueTask.CompletedTask;
    }
}
