using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Internal;

namespace Nano.Gateway.Transports.Tcp;

/// <summary>
/// One TCP connection: bytes ↔ lines ↔ its <see cref="McpSessionActor"/> child. A malformed line gets an error and
/// the connection goes on; an oversize line gets an error and the stream resynchronizes at the next newline. A slow
/// reader stops being read from, and is closed if it falls too far behind. When the client half-closes, running
/// requests are still answered before the connection closes.
/// </summary>
public sealed class TcpConnectionActor : ReceiveActor
{
    private readonly Socket _socket;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _session;
    private readonly LineStreamPump _pump;
    private readonly Stream _stream;

    /// <param name="stream">The connection's byte stream when not the socket's own (TLS: the authenticated SslStream).</param>
    public TcpConnectionActor(Socket socket, McpServerContext context, Stream? stream = null)
    {
        _socket = socket;
        _socket.NoDelay = true; // one token per frame: latency matters more than packet count
        _stream = stream ?? new NetworkStream(socket, ownsSocket: false);
        var frames = new PumpFramesRef(Self, ((ExtendedActorSystem)Context.System).Provider);
        var address = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
        _session = Context.ActorOf(McpSessionActor.Props(context, frames, context.Access.Anonymous(address)), "session");
        var settings = context.Settings;
        _pump = new LineStreamPump(_stream, _stream, settings.MaxMessageBytes, settings.TcpPauseReadingAboveBytes, settings.TcpMaxPendingBytes,
            context.Codec, _session, Self);
        frames.Pump = _pump;

        Receive<FramesRefused>(_ =>
        {
            _log.Warning("TCP {Remote}: the client reads too slowly ({Pending} bytes unsent); closing", _socket.RemoteEndPoint, _pump.PendingBytes);
            Close();
        });
        Receive<RequestDropped>(_ => { });
        Receive<InputEnded>(ended =>
        {
            _log.Debug("TCP {Remote}: input ended ({Reason}); answering what runs", _socket.RemoteEndPoint, ended.Reason);
            _session.Tell(InputCompleted.Instance);
        });
        Receive<SessionDrained>(_ => _pump.CompleteWrites());
        Receive<SessionIdle>(_ =>
        {
            _log.Info("TCP {Remote}: idle, closing", _socket.RemoteEndPoint);
            Close();
        });
        Receive<SessionRefused>(refused =>
        {
            _log.Warning("TCP {Remote}: {Reason}, closing", _socket.RemoteEndPoint, refused.Reason);
            // The refusal itself is queued before this message: let it go out, then close.
            _pump.CompleteWrites();
        });
        Receive<OutputEnded>(_ => Context.Stop(Self));
    }

    public static Props Props(Socket socket, McpServerContext context, Stream? stream = null) =>
        Akka.Actor.Props.Create(() => new TcpConnectionActor(socket, context, stream));

    protected override void PreStart() => _pump.Start();

    protected override void PostStop()
    {
        // Stopping this actor stops the session, whose PostStop cancels every run still going.
        _pump.Abort();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _stream.Dispose();
        _socket.Dispose();
    }

    private void Close()
    {
        _pump.Abort();
        Context.Stop(Self);
    }
}
