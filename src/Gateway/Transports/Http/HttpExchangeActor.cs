using Akka.Actor;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Http.Internal;

namespace Nano.Gateway.Transports.Http;

/// <summary>
/// One modern (2026-07-28) Streamable HTTP request: stateless, so it gets a protocol core of its own that lives as
/// long as the request. Its notifications and answer go to the request's response stream; the stream closing
/// before the answer cancels the request (the revision says so) and ends the exchange.
/// </summary>
internal sealed class HttpExchangeActor : ReceiveActor
{
    private readonly IActorRef _core;
    private readonly ResponseStream _stream;
    private readonly RequestId _id;
    private long _sequence;

    public HttpExchangeActor(OpenExchange open, Props session)
    {
        _stream = open.Stream;
        _id = open.Id;
        _core = Context.Watch(Context.ActorOf(session, "mcp"));
        _core.Tell(new CallerIdentified(open.Caller));
        _core.Tell(new InboundParsed(open.Request));
        _stream.Admit(new Admission(AdmissionOutcome.Accepted, StreamId: _stream.Id, Version: McpProtocolVersions.Modern));

        Receive<OutboundMessage>(m => m.RelatedRequest == _id, Route);
        Receive<OutboundMessage>(_ => { }); // nothing else belongs on this request's stream
        Receive<RequestDropped>(_ => Finish());
        Receive<ExchangeStreamClosed>(_ =>
        {
            _core.Tell(new RequestStreamClosed(_id));
            Finish();
        });
        Receive<SessionIdle>(_ => Finish());
        Receive<SessionRefused>(_ => { }); // the exchange ends with its one answer anyway
        Receive<Terminated>(_ => Context.Stop(Self));
    }

    // One per request: the argument overload, since an expression-built Props compiles its arguments each time.
    public static Props Props(OpenExchange open, Props session) => Akka.Actor.Props.Create<HttpExchangeActor>(open, session);

    protected override void PostStop() => _stream.Complete();

    private void Route(OutboundMessage message)
    {
        var final = message.Kind != OutboundKind.Notification;
        _stream.TryWrite(new StreamEvent(new SseEventId(_stream.Id, ++_sequence), message.Payload, final, final));
        if (final) Finish();
    }

    /// <summary>Stops the core after what it was already told (cancellation first), then this exchange with it.</summary>
    private void Finish()
    {
        _stream.Complete();
        _core.Tell(TransportClosed.Instance);
        _core.Tell(PoisonPill.Instance);
        Become(() =>
        {
            Receive<Terminated>(_ => Context.Stop(Self));
            ReceiveAny(_ => { });
        });
    }
}
