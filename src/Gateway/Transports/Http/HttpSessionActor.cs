using Akka.Actor;
using Akka.Event;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Http.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Transports.Http;

/// <summary>
/// One legacy Streamable HTTP session (2024-11-05 … 2025-11-25, <c>Mcp-Session-Id</c>): the transport actor between
/// the session's HTTP requests and its protocol core (an <see cref="McpSessionActor"/> child). It routes each answer
/// and notification to the SSE stream of the request it belongs to, keeps the last events of every stream for
/// Last-Event-ID, and cancels a request whose stream broke only if the client does not resume it in time.
/// </summary>
internal sealed partial class HttpSessionActor : ReceiveActor, IWithTimers
{
    private static readonly JsonRpcCodec Codec = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _sessionId;
    private readonly HttpTransportSettings _settings;
    private readonly IActorRef _core;
    private readonly Dictionary<RequestId, SessionStream> _byRequest = [];
    private readonly Dictionary<long, SessionStream> _streams = [];
    private SessionStream? _standalone;
    private RequestId? _initialize;
    private string? _version;
    /// <summary>The key that opened the session: posts with another key are answered 404, as if the session did not exist.</summary>
    private string? _keyId;

    public HttpSessionActor(string sessionId, HttpTransportSettings settings, Props session)
    {
        _sessionId = sessionId;
        _settings = settings;
        _core = Context.Watch(Context.ActorOf(session, "mcp"));
        Active();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sessionId, HttpTransportSettings settings, Props session) =>
        Akka.Actor.Props.Create<HttpSessionActor>(sessionId, settings, session);

    private void Active()
    {
        Receive<OpenSession>(Open);
        Receive<SessionPost>(Post);
        Receive<SessionListen>(Listen);
        Receive<SessionStreamClosed>(StreamClosed);
        Receive<OutboundMessage>(Route);
        Receive<RequestDropped>(Dropped);
        Receive<ResumeExpired>(Expire);
        Receive<SessionIdle>(_ => Context.Parent.Tell(new SessionExpired(_sessionId)));
        Receive<SessionRefused>(_ => Context.Parent.Tell(new SessionExpired(_sessionId)));
        Receive<End>(_ => Stop());
        Receive<Terminated>(t => t.ActorRef.Equals(_core), _ =>
        {
            _log.Warning("Session {SessionId}: its protocol core stopped; ending the session", _sessionId);
            Context.Parent.Tell(new SessionExpired(_sessionId));
            Context.Stop(Self);
        });
    }

    private void Ending()
    {
        Receive<SessionPost>(p => p.Stream.Admit(Admission.SessionNotFound));
        Receive<SessionListen>(l => l.Stream.Admit(Admission.SessionNotFound));
        Receive<Terminated>(t => t.ActorRef.Equals(_core), _ => Context.Stop(Self));
        ReceiveAny(_ => { });
    }

    private void Open(OpenSession open)
    {
        _initialize = open.Id;
        _keyId = open.Caller.Key?.Id;
        Register(open.Stream, [open.Id]);
        open.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, open.Stream.Id, _version));
        _core.Tell(new CallerIdentified(open.Caller));
        _core.Tell(new InboundParsed(open.Initialize));
    }

    private void Post(SessionPost post)
    {
        if (post.IsBatch && _version != McpProtocolVersions.V2025_03_26)
        {
            post.Stream.Admit(Admission.BatchNotAllowed);
            return;
        }
        if (post.Caller.Key?.Id != _keyId)
        {
            post.Stream.Admit(Admission.SessionNotFound);
            return;
        }
        if (post.Requests.Any(_byRequest.ContainsKey))
        {
            post.Stream.Admit(Admission.DuplicateRequestId);
            return;
        }
        if (post.Requests.Count > 0) Register(post.Stream, post.Requests);
        post.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, post.Stream.Id, _version));
        _core.Tell(new CallerIdentified(post.Caller));
        foreach (var message in post.Messages) _core.Tell(new InboundParsed(message));
    }

    private void Register(ResponseStream reader, IReadOnlyList<RequestId> requests)
    {
        var stream = new SessionStream(reader.Id, _settings.ReplayEvents);
        foreach (var id in requests)
        {
            stream.Pending.Add(id);
            _byRequest[id] = stream;
        }
        stream.Attach(reader, 0);
        _streams[stream.Id] = stream;
    }

    private void Route(OutboundMessage message)
    {
        if (message.RelatedRequest is { } id && _byRequest.TryGetValue(id, out var stream))
        {
            if (message.Kind == OutboundKind.Notification)
            {
                stream.Emit(message.Payload, answer: false, final: false);
                return;
            }
            if (_initialize == id) _version = NegotiatedVersion(message.Payload) ?? _version;
            _byRequest.Remove(id);
            stream.Pending.Remove(id);
            stream.Emit(message.Payload, answer: true, final: stream.Pending.Count == 0);
            return;
        }
        // Not about a request of a live stream: server-initiated, for the standalone GET stream (dropped without one).
        if (message.Kind == OutboundKind.Notification) _standalone?.Emit(message.Payload, answer: false, final: false);
        else _log.Debug("Session {SessionId}: dropped an answer for no open request ({JsonRpcId})", _sessionId, message.RelatedRequest);
    }

    private void Dropped(RequestDropped dropped)
    {
        if (!_byRequest.Remove(dropped.Id, out var stream)) return;
        stream.Pending.Remove(dropped.Id);
        if (stream.Pending.Count == 0) stream.Finish();
    }

    private void Stop()
    {
        _core.Tell(TransportClosed.Instance);
        _core.Tell(PoisonPill.Instance); // after TransportClosed, which cancels the runs first
        foreach (var stream in _streams.Values) stream.Reader?.Complete();
        Timers.CancelAll();
        Become(Ending);
    }

    /// <summary>Whatever ends the session (DELETE, idle, the node stopping) ends its open responses too.</summary>
    protected override void PostStop()
    {
        foreach (var stream in _streams.Values) stream.Reader?.Complete();
    }

    private static string? NegotiatedVersion(byte[] payload) =>
        Codec.Parse(payload) is JsonRpcParsed { Message: JsonRpcResponse { Result: JObject result } }
        && result["protocolVersion"] is JValue { Value: string version }
            ? version
            : null;

    /// <summary>The listener ends the session (DELETE, idle, failure).</summary>
    internal sealed record End
    {
        public static readonly End Instance = new();
    }

    private sealed record ResumeExpired(long StreamId);
}
