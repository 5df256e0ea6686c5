using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Microsoft.AspNetCore.WebUtilities;
using Nano.Gateway.Transports.Http.Internal;

namespace Nano.Gateway.Transports.Http;

/// <summary>
/// The /mcp endpoint's actor: parent of every legacy session (named by its Mcp-Session-Id) and every modern
/// exchange. The request handlers talk only to it; it alone adds and removes sessions, so a request never reaches a
/// session that is being ended (those get 404).
/// </summary>
internal sealed class McpHttpListenerActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HttpTransportSettings _settings;
    private readonly Props _session;
    private readonly Dictionary<string, IActorRef> _sessions = new(StringComparer.Ordinal);

    public McpHttpListenerActor(HttpTransportSettings settings, Props session)
    {
        _settings = settings;
        _session = session;
        Receive<OpenSession>(Open);
        Receive<ISessionAddressed>(ToSession);
        // Block bodies: a lambda returning bool would pick Receive's Func<T, bool> overload, where false means unhandled.
        Receive<EndSession>(e => { e.Done.TrySetResult(End(e.SessionId)); });
        Receive<SessionExpired>(e => { End(e.SessionId); });
        Receive<OpenExchange>(e => Context.ActorOf(HttpExchangeActor.Props(e, _session), ExchangeName(e.Stream.Id)));
        Receive<ExchangeStreamClosed>(c => Context.Child(ExchangeName(c.StreamId)).Tell(c));
        Receive<Terminated>(t => { _sessions.Remove(t.ActorRef.Path.Name); });
    }

    public static Props Props(HttpTransportSettings settings, Props session) =>
        Akka.Actor.Props.Create(() => new McpHttpListenerActor(settings, session));

    /// <summary>A failing session or exchange is stopped, not restarted: its client starts over (404 → initialize).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Open(OpenSession open)
    {
        var id = NewSessionId();
        var session = Context.Watch(Context.ActorOf(HttpSessionActor.Props(id, _settings, _session), id));
        _sessions[id] = session;
        _log.Debug("Session {SessionId} opened", id);
        session.Forward(open);
    }

    private void ToSession(ISessionAddressed message)
    {
        if (_sessions.TryGetValue(message.SessionId, out var session)) session.Forward(message);
        else message.Stream?.Admit(Admission.SessionNotFound);
    }

    private bool End(string id)
    {
        if (!_sessions.Remove(id, out var session)) return false;
        _log.Debug("Session {SessionId} ended", id);
        session.Tell(HttpSessionActor.End.Instance);
        return true;
    }

    private static string ExchangeName(long streamId) => $"x{streamId}";

    /// <summary>128 random bits, URL-safe: visible ASCII as the spec requires, and a valid actor name.</summary>
    private static string NewSessionId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
}
