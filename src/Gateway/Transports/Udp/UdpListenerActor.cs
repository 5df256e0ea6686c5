using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Transports.Udp;

/// <summary>
/// nano's own MCP binding over UDP: one JSON-RPC message per datagram, answers and progress sent back to the
/// sender's address. Each peer (address and port) gets a <see cref="UdpPeerActor"/> with its own session; the
/// least recently active peer is dropped beyond nano.gateway.udp.max-peers.
/// </summary>
public sealed class UdpListenerActor : ReceiveActor
{
    /// <summary>Largest UDP payload over IPv4; the receive buffer holds any datagram whole, so none is truncated unseen.</summary>
    private const int ReceiveBufferBytes = 65536;
    private readonly Socket _socket;
    private readonly McpServerContext _context;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<IPEndPoint, Peer> _peers = new();
    private long _peerCount;

    public UdpListenerActor(Socket socket, McpServerContext context)
    {
        _socket = socket;
        _context = context;
        Receive<Datagram>(OnDatagram);
        Receive<Terminated>(t =>
        {
            var gone = _peers.FirstOrDefault(p => p.Value.Actor.Equals(t.ActorRef));
            if (gone.Key is not null) _peers.Remove(gone.Key);
        });
        Receive<ReceiveFailed>(f =>
        {
            _log.Error("UDP listener on {Endpoint} stopped receiving: {Reason}", _socket.LocalEndPoint, f.Reason);
            Context.Stop(Self);
        });
    }

    public static Props Props(Socket socket, McpServerContext context) => Akka.Actor.Props.Create(() => new UdpListenerActor(socket, context));

    /// <summary>Binds a datagram socket; throws <see cref="SocketException"/> when the address is taken or not local.</summary>
    public static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(endpoint);
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
        var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _ = Task.Run(async () =>
        {
            var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes);
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                    self.Tell(new Datagram(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), (IPEndPoint)received.RemoteEndPoint));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    // An ICMP error about an earlier reply, or a datagram larger than any buffer: neither stops the listener.
                }
                catch (SocketException e)
                {
                    if (!_stop.IsCancellationRequested) self.Tell(new ReceiveFailed(e.Message));
                    return;
                }
            }
        });
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private void OnDatagram(Datagram datagram)
    {
        if (!_peers.TryGetValue(datagram.From, out var peer))
        {
            if (_peers.Count >= _context.Settings.UdpMaxPeers)
            {
                var oldest = _peers.MinBy(p => p.Value.LastSeen);
                _log.Info("UDP: {Count} peers; dropping the least recently active {Peer}", _peers.Count, oldest.Key);
                Context.Stop(oldest.Value.Actor);
                _peers.Remove(oldest.Key);
            }
            var actor = Context.ActorOf(UdpPeerActor.Props(_socket, datagram.From, _context), $"peer-{++_peerCount}");
            Context.Watch(actor);
            peer = new Peer(actor);
            _peers[datagram.From] = peer;
        }
        peer.LastSeen = Environment.TickCount64;
        peer.Actor.Tell(new UdpPeerActor.PeerDatagram(datagram.Bytes));
    }

    private sealed record Datagram(byte[] Bytes, IPEndPoint From);

    private sealed record ReceiveFailed(string Reason);

    private sealed class Peer(IActorRef actor)
    {
        public IActorRef Actor { get; } = actor;
        public long LastSeen { get; set; }
    }
}
