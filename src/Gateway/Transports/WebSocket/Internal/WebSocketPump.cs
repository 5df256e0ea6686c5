using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Akka.Actor;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Transports.WebSocket.Internal;

/// <summary>
/// The two loops of one socket: receive (reassembles each message up to the size limit and hands it to the
/// connection actor; a larger one is drained unread and reported) and send (one text message per outbound frame).
/// </summary>
internal static class WebSocketPump
{
    private const int ChunkBytes = 16 * 1024;

    public static async Task ReceiveAsync(System.Net.WebSockets.WebSocket socket, IActorRef connection, int maxMessageBytes, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (true)
            {
                var length = 0L;
                var result = await socket.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                var type = result.MessageType;
                // Most messages fit one chunk; larger ones are gathered into a buffer that grows to the limit only.
                byte[]? message = null;
                while (true)
                {
                    if (type == WebSocketMessageType.Text && length + result.Count <= maxMessageBytes)
                    {
                        if (message is null || message.Length < length + result.Count)
                            Array.Resize(ref message, (int)Math.Min(maxMessageBytes, Math.Max(length + result.Count, (message?.Length ?? 0) * 2L)));
                        buffer.AsSpan(0, result.Count).CopyTo(message.AsSpan((int)length));
                    }
                    length += result.Count;
                    if (result.EndOfMessage) break;
                    result = await socket.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), ct);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                }
                if (type == WebSocketMessageType.Binary) connection.Tell(new BinaryMessage(length));
                else if (length > maxMessageBytes) connection.Tell(new FrameTooLarge(length));
                else connection.Tell(new InboundMessage(message is null ? Array.Empty<byte>() : message.AsMemory(0, (int)length)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends until the actor completes the channel; a close frame ends the conversation from our side.</summary>
    public static async Task SendAsync(System.Net.WebSockets.WebSocket socket, ChannelReader<OutboundFrame> outbound, CancellationToken ct)
    {
        await foreach (var frame in outbound.ReadAllAsync(ct))
        {
            if (frame.Payload is { } payload)
            {
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, ct);
                continue;
            }
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(frame.CloseStatus, frame.Reason, ct);
            return;
        }
    }
}
