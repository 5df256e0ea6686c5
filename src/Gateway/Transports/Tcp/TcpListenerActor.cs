using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Tcp.Internal;

namespace Nano.Gateway.Transports.Tcp;

/// <summary>
/// Serves MCP as newline-delimited JSON-RPC over TCP: accepts on a socket bound before the actor starts (so a
/// taken port fails the node's start, not a background actor) and makes one <see cref="TcpConnectionActor"/> per
/// connection. Connections are independent: one failing never touches another. With nano.gateway.tls configured,
/// each connection first completes a TLS handshake (off the actor, bounded in time); one that fails is closed and
/// logged, and the listener goes on accepting.
/// </summary>
public sealed class TcpListenerActor : ReceiveActor
{
    private readonly Socket _listener;
    private readonly McpServerContext _context;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _certificate;
    private long _connections;

    /// <param name="certificate">The TLS server certificate (the actor disposes it), or null for plain text.</param>
    public TcpListenerActor(Socket listener, McpServerContext context, X509Certificate2? certificate = null)
    {
        _listener = listener;
        _context = context;
        _certificate = certificate;
        Receive<Accepted>(accepted =>
        {
            if (_certificate is null) OnAccepted(accepted);
            else Handshake(accepted.Socket, _certificate);
        });
        Receive<Secured>(OnSecured);
        Receive<AcceptFailed>(f =>
        {
            _log.Error("TCP listener on {Endpoint} stopped accepting: {Reason}", _listener.LocalEndPoint, f.Reason);
            Context.Stop(Self);
        });
        Receive<Terminated>(_ => { });
    }

    public static Props Props(Socket listener, McpServerContext context, X509Certificate2? certificate = null) =>
        Akka.Actor.Props.Create(() => new TcpListenerActor(listener, context, certificate));

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address is taken or not local.</summary>
    public static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        var self = Self;
        _ = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                    self.Tell(new Accepted(await _listener.AcceptAsync(_stop.Token)));
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_stop.IsCancellationRequested) self.Tell(new AcceptFailed(e.Message));
            }
        });
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
        _certificate?.Dispose();
    }

    private void OnAccepted(Accepted accepted)
    {
        var name = $"conn-{++_connections}";
        var connection = Context.ActorOf(TcpConnectionActor.Props(accepted.Socket, _context), name);
        Context.Watch(connection);
        _log.Debug("TCP connection {Name} from {Remote}", name, accepted.Socket.RemoteEndPoint);
    }

    private void Handshake(Socket socket, X509Certificate2 certificate)
    {
        var self = Self;
        var log = _log;
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                self.Tell(new Secured(socket, await TlsHandshake.AcceptAsync(socket, certificate, stop)));
            }
            catch (Exception e) when (e is AuthenticationException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                log.Info("TCP {Remote}: TLS handshake failed, closing: {Reason}", SafeRemote(socket), e.Message);
                socket.Dispose();
            }
        });
    }

    private void OnSecured(Secured secured)
    {
        if (_stop.IsCancellationRequested)
        {
            secured.Stream.Dispose();
            secured.Socket.Dispose();
            return;
        }
        var name = $"conn-{++_connections}";
        var connection = Context.ActorOf(TcpConnectionActor.Props(secured.Socket, _context, secured.Stream), name);
        Context.Watch(connection);
        _log.Debug("TCP connection {Name} from {Remote} (TLS {Protocol})", name, SafeRemote(secured.Socket), secured.Stream.SslProtocol);
    }

    private static string SafeRemote(Socket socket)
    {
        try { return socket.RemoteEndPoint?.ToString() ?? "?"; }
        catch (ObjectDisposedException) { return "?"; }
    }

    private sealed record Accepted(Socket Socket);

    private sealed record Secured(Socket Socket, System.Net.Security.SslStream Stream);

    private sealed record AcceptFailed(string Reason);
}
