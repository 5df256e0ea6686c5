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
internal sealed class HttpSessionActor : ReceiveActor, IWithTimers
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

    public HttpSessionActor(string sessionId, HttpTransportSettings settings, Props session)
    {
        _sessionId = sessionId;
        _settings = settings;
        _core = Context.Watch(Context.ActorOf(session, "mcp"));
        Active();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sessionId, HttpTransportSettings settings, Props session) =>
        Akka.Actor.Props.Create(() => new HttpSessionActor(sessionId, settings, session));

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
        Receive<End>(_ => Stop());
        Receive<Terminated>(t => t.ActorRef.Equals(_core), _ =>
        {
            _log.Warning("Session {0}: its protocol core stopped; ending the session", _sessionId);
            Context.Parent.Tell(new SessionExpired(_sessionId));
            Stop();
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
        Register(open.Stream, [open.Id]);
        open.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, open.Stream.Id, _version));
        _core.Tell(new InboundParsed(open.Initialize));
    }

    private void Post(SessionPost post)
    {
        if (post.IsBatch && _version != McpProtocolVersions.V2025_03_26)
        {
            post.Stream.Admit(Admission.BatchNotAllowed);
            return;
        }
        if (post.Requests.Any(_byRequest.ContainsKey))
        {
            post.Stream.Admit(Admission.DuplicateRequestId);
            return;
        }
        if (post.Requests.Count > 0) Register(post.Stream, post.Requests);
        post.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, post.Stream.Id, _version));
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

    private void Listen(SessionListen listen)
    {
        if (listen.LastEventId is { } last)
        {
            if (!_streams.TryGetValue(last.Stream, out var resumed))
            {
                listen.Stream.Admit(Admission.UnknownEventId);
                return;
            }
            Timers.Cancel(resumed.Id);
            resumed.Attach(listen.Stream, last.Sequence);
            listen.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, resumed.Id, _version));
            return;
        }
        // A new GET takes the session stream over: the client may see its old connection broken long before the
        // server does (half-open TCP), and its reconnection must not be refused meanwhile. One stream at a time still.
        if (_standalone is not null)
        {
            _standalone.Reader?.Complete();
            _streams.Remove(_standalone.Id);
        }
        _standalone = new SessionStream(listen.Stream.Id, _settings.ReplayEvents);
        _standalone.Attach(listen.Stream, 0);
        _streams[_standalone.Id] = _standalone;
        listen.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, _standalone.Id, _version));
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
        else _log.Debug("Session {0}: dropped an answer for no open request ({1})", _sessionId, message.RelatedRequest);
    }

    private void Dropped(RequestDropped dropped)
    {
        if (!_byRequest.Remove(dropped.Id, out var stream)) return;
        stream.Pending.Remove(dropped.Id);
        if (stream.Pending.Count == 0) stream.Finish();
    }

    private void StreamClosed(SessionStreamClosed closed)
    {
        if (!_streams.TryGetValue(closed.StreamId, out var stream)) return;
        stream.Detach(closed.Reader);
        if (stream.Reader is not null) return; // another response took the stream over
        // Without an event id (a JSON answer, or gone before the first event) nothing can resume the stream: its
        // requests are cancelled at once. A streamed one is kept a while even when fully written, since written is
        // not received: the client may have gone just before.
        if (!closed.Resumable)
        {
            if (stream.Pending.Count > 0) Cancel(stream);
            _streams.Remove(stream.Id);
            return;
        }
        if (stream.Pending.Count > 0) Timers.StartSingleTimer(stream.Id, new ResumeExpired(stream.Id), _settings.ResumeGrace);
        TrimDetached();
    }

    private void Expire(ResumeExpired expired)
    {
        if (_streams.TryGetValue(expired.StreamId, out var stream) && stream.Reader is null) Cancel(stream);
    }

    /// <summary>Nobody can read the stream's answers any more: its requests are cancelled (the core answers nothing).</summary>
    private void Cancel(SessionStream stream)
    {
        _log.Debug("Session {0}: stream {1} was not resumed; cancelling {2} request(s)", _sessionId, stream.Id, stream.Pending.Count);
        foreach (var id in stream.Pending)
        {
            _byRequest.Remove(id);
            _core.Tell(new RequestStreamClosed(id));
        }
        stream.Pending.Clear();
        stream.Finish();
    }

    private void TrimDetached()
    {
        var detached = _streams.Values.Where(s => s.Reader is null && s != _standalone).OrderBy(s => s.Pending.Count > 0).ThenBy(s => s.Id).ToList();
        for (var i = 0; i < detached.Count - _settings.MaxDetachedStreams; i++)
        {
            if (detached[i].Pending.Count > 0) Cancel(detached[i]);
            _streams.Remove(detached[i].Id);
        }
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

/// <summary>Session → listener: the session should end (its core went idle or stopped).</summary>
internal sealed record SessionExpired(string SessionId);
