using Akka.Actor;

namespace Nano.Gateway.Transports.WebSocket;

/// <summary>The /ws endpoint's actor: parent of one <see cref="WebSocketConnectionActor"/> per accepted socket.</summary>
internal sealed class WebSocketListenerActor : ReceiveActor
{
    private long _connections;

    public WebSocketListenerActor(Props session)
    {
        Receive<AcceptConnection>(accept =>
            Sender.Tell(Context.ActorOf(WebSocketConnectionActor.Props(accept.Outbound, accept.Remote, accept.Caller, session), $"ws{++_connections}")));
    }

    public static Props Props(Props session) => Akka.Actor.Props.Create(() => new WebSocketListenerActor(session));

    /// <summary>A failing connection is stopped (its socket closes), never restarted with lost state.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
