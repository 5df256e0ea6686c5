using System.Buffers;
using System.Net.Sockets;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// One JSON-RPC message per datagram from one socket (one nano peer, its own session). Datagrams may be lost:
/// initialize and requests silent for <see cref="Retry"/> are sent again with the same id, which nano runs once.
/// </summary>
internal sealed class UdpLoadClient(LoadContext context) : MessageClient(context)
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private static readonly long RetryTicks = Ticks.From(Retry);
    private readonly Socket _socket = new(SocketType.Dgram, ProtocolType.Udp);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    protected override TimeSpan? HandshakeResend => TimeSpan.FromMilliseconds(500);

    protected override async Task OpenAsync(CancellationToken ct)
    {
        // Streamed tokens arrive as a burst of datagrams: a larger receive buffer loses fewer (the kernel may cap it).
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        await _socket.ConnectAsync(Context.Target.Endpoint!, ct).ConfigureAwait(false);
    }

    protected override async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct) =>
        await _socket.SendAsync(frame, SocketFlags.None, ct).ConfigureAwait(false);

    protected override async ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken ct)
    {
        var length = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct).ConfigureAwait(false);
        return _buffer.AsMemory(0, length);
    }

    protected override void Idle(Call call, long now)
    {
        var last = Math.Max(call.SentAt, call.LastActivityAt);
        if (now - last <= RetryTicks) return;
        call.LastActivityAt = now;
        _ = ResendAsync(call);
    }

    protected override void Close() => _socket.Dispose();

    protected override void Release() => PooledBytes.Return(ref _buffer);
}
