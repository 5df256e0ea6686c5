using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Udp.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Transports.Udp;

/// <summary>
/// One UDP peer (address and port): its session, and the recent request ids that make retries safe — a retry of a
/// running request is dropped, a retry of an answered one gets the same answer again, nothing runs twice.
/// A datagram or an answer over the size limit is refused with MESSAGE_TOO_LARGE rather than cut.
/// </summary>
public sealed class UdpPeerActor : ReceiveActor
{
    private readonly Socket _socket;
    private readonly IPEndPoint _peer;
    private readonly McpServerContext _context;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _session;
    private readonly RecentRequestIds _recent;
    private readonly int _maxDatagram;

    public UdpPeerActor(Socket socket, IPEndPoint peer, McpServerContext context)
    {
        _socket = socket;
        _peer = peer;
        _context = context;
        _maxDatagram = context.Settings.UdpMaxDatagramBytes;
        _recent = new RecentRequestIds(context.Settings.UdpRecentIds, context.Settings.UdpRecentIdsTtl);
        _session = Context.ActorOf(McpSessionActor.Props(context, Self, context.Access.Anonymous(peer.Address.ToString())), "session");
        Receive<PeerDatagram>(OnDatagram);
        Receive<OutboundMessage>(OnOutbound);
        Receive<RequestDropped>(d => _recent.Answered(d.Id, null));
        Receive<SessionIdle>(_ => Context.Stop(Self));
        // A UDP peer has no connection to close: its state (and any key it proved) is dropped, and so are its runs.
        Receive<SessionRefused>(r =>
        {
            _log.Warning("UDP {Peer}: {Reason}; dropping the peer", _peer, r.Reason);
            Context.Stop(Self);
        });
        Receive<SessionDrained>(_ => { });
    }

    public static Props Props(Socket socket, IPEndPoint peer, McpServerContext context) =>
        Akka.Actor.Props.Create(() => new UdpPeerActor(socket, peer, context));

    /// <summary>Listener → peer: one datagram from this peer.</summary>
    public sealed record PeerDatagram(byte[] Bytes);

    private void OnDatagram(PeerDatagram datagram)
    {
        if (datagram.Bytes.Length > _maxDatagram)
        {
            _session.Tell(new FrameTooLarge(datagram.Bytes.Length, _maxDatagram));
            return;
        }
        var parsed = _context.Codec.Parse(datagram.Bytes);
        if (parsed is JsonRpcParsed { Message: JsonRpcRequest request } && _recent.Seen(request.Id) is { } earlier)
        {
            if (earlier is { Done: true, Answer: { } answer }) Send(answer);
            else _log.Debug("UDP {Peer}: retry of request {Id} dropped, the first copy is still running", _peer, request.Id);
            return;
        }
        _session.Tell(new InboundParsed(parsed));
    }

    private void OnOutbound(OutboundMessage message)
    {
        var payload = message.Payload;
        if (payload.Length > _maxDatagram)
        {
            if (message.Kind == OutboundKind.Notification)
            {
                _log.Warning("UDP {Peer}: dropped a {Bytes}-byte notification over the datagram limit", _peer, payload.Length);
                return;
            }
            payload = _context.Codec.Serialize(JsonRpcCodec.Error(message.RelatedRequest, JsonRpcErrorCodes.MessageTooLarge,
                $"Message too large: the answer has {payload.Length} bytes, over the datagram limit of {_maxDatagram}; use TCP or HTTP for this call",
                new JObject { ["max_bytes"] = _maxDatagram, ["bytes"] = payload.Length }));
        }
        if (message is { Kind: OutboundKind.Response, RelatedRequest: { } id }) _recent.Answered(id, payload);
        Send(payload);
    }

    private void Send(byte[] payload)
    {
        try
        {
            _socket.SendTo(payload, SocketFlags.None, _peer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _log.Warning("UDP {Peer}: send failed: {Reason}", _peer, e.Message);
        }
    }
}
