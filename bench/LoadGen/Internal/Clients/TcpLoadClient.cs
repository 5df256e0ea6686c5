using System.Net.Sockets;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>Newline-delimited JSON-RPC on one TCP connection (Nagle off: every request is one small write).</summary>
internal sealed class TcpLoadClient(LoadContext context) : MessageClient(context)
{
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private LineReader? _lines;

    protected override ReadOnlySpan<byte> Delimiter => "\n"u8;

    protected override async Task OpenAsync(CancellationToken ct)
    {
        await _socket.ConnectAsync(Context.Target.Endpoint!, ct).ConfigureAwait(false);
        _lines = new LineReader((buffer, token) => _socket.ReceiveAsync(buffer, SocketFlags.None, token));
    }

    protected override async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        while (!frame.IsEmpty)
            frame = frame[await _socket.SendAsync(frame, SocketFlags.None, ct).ConfigureAwait(false)..];
    }

    protected override ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken ct) =>
        _lines?.ReadLineAsync(ct) ?? ValueTask.FromResult<ReadOnlyMemory<byte>?>(null);

    protected override void Close() => _socket.Dispose();

    protected override void Release() => _lines?.Dispose();
}
