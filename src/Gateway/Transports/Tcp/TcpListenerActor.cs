using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Transports.Tcp;

/// <summary>
/// Serves MCP as newline-delimited JSON-RPC over TCP: accepts on a socket bound before the actor starts (so a
/// taken port fails the node's start, not a background actor) and makes one <see cref="TcpConnectionActor"/> per
/// connection. Connections are independent: one failing never touches another.
/// </summary>
public sealed class TcpListenerActor : ReceiveActor
{
    private readonly Socket _listener;
    private readonly McpServerContext _context;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private long _connections;

    public TcpListenerActor(Socket listener, McpServerContext context)
    {
        _listener = listener;
        _context = context;
        Receive<Accepted>(OnAccepted);
        Receive<AcceptFailed>(f =>
        {
            _log.Error("TCP listener on {Endpoint} stopped accepting: {Reason}", _listener.LocalEndPoint, f.Reason);
            Context.Stop(Self);
        });
        Receive<Terminated>(_ => { });
    }

    public static Props Props(Socket listener, McpServerContext context) => Akka.Actor.Props.Create(() => new TcpListenerActor(listener, context));

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
    }

    private void OnAccepted(Accepted accepted)
    {
        var name = $"conn-{++_connections}";
        var connection = Context.ActorOf(TcpConnectionActor.Props(accepted.Socket, _context), name);
        Context.Watch(connection);
        _log.Debug("TCP connection {Name} from {Remote}", name, accepted.Socket.RemoteEndPoint);
    }

    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(string Reason);
}
