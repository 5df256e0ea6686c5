using System.Buffers;
using System.Net.WebSockets;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>One JSON-RPC message per WebSocket text message on /ws (subprotocol mcp offered).</summary>
internal sealed class WebSocketLoadClient(LoadContext context) : MessageClient(context)
{
    private readonly ClientWebSocket _socket = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);

    protected override async Task OpenAsync(CancellationToken ct)
    {
        _socket.Options.AddSubProtocol("mcp");
        await _socket.ConnectAsync(Context.Target.Uri!, ct).ConfigureAwait(false);
    }

    protected override ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct) =>
        _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct);

    protected override async ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            if (filled == _buffer.Length) PooledBytes.Grow(ref _buffer, filled);
            var received = await _socket.ReceiveAsync(_buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            filled += received.Count;
            if (received.EndOfMessage) return _buffer.AsMemory(0, filled);
        }
    }

    protected override void Close()
    {
        _socket.Abort();
        _socket.Dispose();
    }

    protected override void Release() => PooledBytes.Return(ref _buffer);
}
