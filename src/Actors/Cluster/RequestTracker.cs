using Akka.Actor;
using Akka.Event;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// Follows one request through the cluster (a child of the <see cref="ModelRouter"/>). It sends the request to a
/// replica through the shard region and watches the entity that accepts it. If that board dies before the first
/// token, the request is sent again (the replica is placed elsewhere); once tokens have streamed, it fails with a
/// retriable NodeLost. Unaccepted within placement-timeout: RESOURCE_EXHAUSTED with the placement reason.
/// Each attempt carries its own request id, so a late answer from an abandoned attempt is never forwarded twice.
/// </summary>
public sealed class RequestTracker : ReceiveActor, IWithTimers
{
    private sealed record AcceptTimeout(int Attempt);
    private sealed record Deadline
    {
        public static readonly Deadline Instance = new();
    }
    private sealed record GraceOver(int Attempt);

    /// <summary>To the router, just before the final answer: the request no longer counts as in flight.</summary>
    internal sealed record Finished
    {
        public static readonly Finished Instance = new();
    }

    private readonly GenerateRequest _request;
    private readonly IActorRef _region;
    private readonly ClusterSettings _settings;
    private readonly Func<string, string> _unplacedReason;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string _entityId;
    private int _attempt;
    private string _attemptId;
    private IActorRef? _entity;
    private string? _node;
    private int _tokens;
    private bool _done;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="unplacedReason">Why a replica is not placed, from the router's view (for refusals).</param>
    public static Props Props(GenerateRequest request, string entityId, IActorRef region, ClusterSettings settings,
        TimeSpan requestTimeout, Func<string, string> unplacedReason) =>
        Akka.Actor.Props.Create(() => new RequestTracker(request, entityId, region, settings, requestTimeout, unplacedReason));

    public RequestTracker(GenerateRequest request, string entityId, IActorRef region, ClusterSettings settings,
        TimeSpan requestTimeout, Func<string, string> unplacedReason)
    {
        _request = request;
        _entityId = entityId;
        _region = region;
        _settings = settings;
        _unplacedReason = unplacedReason;
        _attemptId = request.RequestId;

        Receive<RequestAccepted>(a => a.RequestId == _attemptId, Accepted);
        Receive<TokenChunk>(t => t.RequestId == _attemptId, t =>
        {
            _tokens++;
            _request.ReplyTo.Tell(t with { RequestId = _request.RequestId }, Sender);
        });
        Receive<Completed>(c => c.RequestId == _attemptId, c => Finish(c with { RequestId = _request.RequestId }));
        Receive<Failed>(f => f.RequestId == _attemptId, f => Finish(f with { RequestId = _request.RequestId }));
        Receive<Rejected>(r => r.RequestId == _attemptId, r => Finish(r with { RequestId = _request.RequestId }));
        Receive<CancelRequest>(_ => Cancel());
        Receive<Terminated>(t => t.ActorRef.Equals(_entity), EntityGone);
        Receive<GraceOver>(g => g.Attempt == _attempt, _ => Lost("its replica stopped without answering"));
        Receive<AcceptTimeout>(t => t.Attempt == _attempt && _entity is null, _ => Unplaced());
        Receive<Deadline>(_ => Finish(new Failed(_request.RequestId, NanoErrorCode.Timeout,
            $"no answer from the cluster within {requestTimeout + _settings.PlacementTimeout}", Retriable: true)));
        // Answers of abandoned attempts, acknowledgements after a resend: nothing to forward.
        ReceiveAny(_ => { });
        _requestTimeout = requestTimeout;
    }

    private readonly TimeSpan _requestTimeout;

    protected override void PreStart()
    {
        // The pool answers within the request timeout; this only catches answers lost with a board.
        Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, (_request.Timeout ?? _requestTimeout) + _settings.PlacementTimeout * 2);
        Send();
    }

    private void Send()
    {
        _attemptId = _attempt == 0 ? _request.RequestId : $"{_request.RequestId}~{_attempt}";
        _entity = null;
        _region.Tell(new ModelEnvelope(_entityId, _request with { RequestId = _attemptId, ReplyTo = Self }), Self);
        Timers.StartSingleTimer("accept", new AcceptTimeout(_attempt), _settings.PlacementTimeout);
    }

    private void Accepted(RequestAccepted accepted)
    {
        _entity = Sender;
        _node = accepted.Node;
        Context.Watch(_entity);
        Timers.Cancel("accept");
    }

    private void EntityGone(Terminated terminated)
    {
        if (terminated.AddressTerminated) Lost($"board {_node} was lost");
        // A hand-off stops the entity only after its work drained: the answer is normally here or on its way.
        else Timers.StartSingleTimer("grace", new GraceOver(_attempt), _settings.StoppedEntityGrace);
    }

    private void Lost(string why)
    {
        if (_tokens == 0 && _attempt < _settings.FailoverAttempts)
        {
            _log.Warning("request {0}: {1} before it started; sending it again (attempt {2})", _request.RequestId, why, _attempt + 2);
            if (_entity is not null) Context.Unwatch(_entity);
            _attempt++;
            Send();
            return;
        }
        Finish(new Failed(_request.RequestId, NanoErrorCode.NodeLost,
            _tokens > 0 ? $"{why} after {_tokens} streamed chunk(s); send the request again" : $"{why}; gave up after {_attempt + 1} attempts",
            Retriable: true));
    }

    private void Unplaced()
    {
        // Never leave it buffered: it would run later for nobody.
        _region.Tell(new ModelEnvelope(_entityId, new CancelRequest(_request.ModelId, _attemptId)), Self);
        Finish(new Rejected(_request.RequestId, NanoErrorCode.ResourceExhausted,
            $"model {_request.ModelId} is not placed: {_unplacedReason(_entityId)}", _settings.EnsureInterval));
    }

    private void Cancel()
    {
        _region.Tell(new ModelEnvelope(_entityId, new CancelRequest(_request.ModelId, _attemptId)), Self);
        // Not yet on a board: nothing will answer for it, so answer here.
        if (_entity is null) Finish(new Failed(_request.RequestId, NanoErrorCode.Cancelled, "cancelled before a board accepted it", Retriable: false));
    }

    private void Finish(object answer)
    {
        if (_done) return;
        _done = true;
        // Before the answer, so a client that sends its next request on it finds the router's count already lower.
        Context.Parent.Tell(Finished.Instance);
        _request.ReplyTo.Tell(answer, Self);
        Context.Stop(Self);
    }
}
