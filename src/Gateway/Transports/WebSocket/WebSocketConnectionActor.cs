using System.Net.WebSockets;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.WebSocket.Internal;

namespace Nano.Gateway.Transports.WebSocket;

/// <summary>
/// One WebSocket connection at /ws: each text message is one JSON-RPC frame for the connection's protocol core (an
/// <see cref="McpSessionActor"/> child), each outbound frame one text message. A binary message is answered with
/// a -32600 error (id null) and the connection stays open; the socket closing cancels the connection's runs.
/// </summary>
internal sealed class WebSocketConnectionActor : ReceiveActor
{
    private static readonly JsonRpcCodec Codec = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ChannelWriter<OutboundFrame> _outbound;
    private readonly string _remote;
    private readonly IActorRef _core;

    public WebSocketConnectionActor(ChannelWriter<OutboundFrame> outbound, string remote, Security.Caller caller, Props session)
    {
        _outbound = outbound;
        _remote = remote;
        _core = Context.Watch(Context.ActorOf(session, "mcp"));
        // Authenticated at the upgrade (Authorization header), or anonymous until a key comes in _meta.apiKey.
        _core.Tell(new CallerIdentified(caller));

        Receive<InboundMessage>(m => _core.Tell(m));
        Receive<FrameTooLarge>(m => _core.Tell(m));
        Receive<BinaryMessage>(m => Send(Codec.Serialize(JsonRpcCodec.Error(null, JsonRpcErrorCodes.InvalidRequest,
            $"Invalid Request: binary message of {m.Bytes} bytes; send each JSON-RPC message as one text message"))));
        Receive<OutboundMessage>(m => Send(m.Payload));
        Receive<RequestDropped>(_ => { });
        Receive<SessionIdle>(_ => Close(WebSocketCloseStatus.NormalClosure, "idle"));
        Receive<SessionRefused>(r =>
        {
            _log.Warning("WebSocket {Remote}: {Reason}; closing", _remote, r.Reason);
            Close(WebSocketCloseStatus.PolicyViolation, "unauthorized");
        });
        Receive<ConnectionClosed>(_ => Closed());
        Receive<Terminated>(_ =>
        {
            Close(WebSocketCloseStatus.InternalServerError, "session ended");
            Context.Stop(Self);
        });
    }

    public static Props Props(ChannelWriter<OutboundFrame> outbound, string remote, Security.Caller caller, Props session) =>
        Akka.Actor.Props.Create<WebSocketConnectionActor>(outbound, remote, caller, session);

    /// <summary>The node stopping (or a failure) closes the socket.</summary>
    protected override void PostStop() => Close(WebSocketCloseStatus.EndpointUnavailable, "server stopping");

    private void Send(byte[] payload)
    {
        // The channel is bounded: a client that stops reading while its runs stream is dropped, not buffered forever.
        if (_outbound.TryWrite(new OutboundFrame(payload))) return;
        _log.Warning("WebSocket {Remote}: the client does not read its messages; closing", _remote);
        Close(WebSocketCloseStatus.PolicyViolation, "client too slow");
        Closed();
    }

    private void Close(WebSocketCloseStatus status, string reason)
    {
        _outbound.TryWrite(OutboundFrame.Close(status, reason));
        _outbound.TryComplete();
    }

    /// <summary>Cancels the runs (the core handles TransportClosed first), then stops with the core.</summary>
    private void Closed()
    {
        _outbound.TryComplete();
        _core.Tell(TransportClosed.Instance);
        _core.Tell(PoisonPill.Instance);
        Become(() =>
        {
            Receive<Terminated>(_ => Context.Stop(Self));
            ReceiveAny(_ => { });
        });
    }
}
