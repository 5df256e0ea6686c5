using Akka.Actor;
using Akka.Event;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// Follows one request through the cluster (a child of the <see cref="ModelRouter"/>). It sends the request to a
/// replica through the shard region and watches the entity that accepts it. If that board dies before the first
/// token (or its pool stops under the request), the request is sent again, to a replica placed on a live board (another
/// replica, or this one once re-placed); once tokens have streamed, it fails with a retriable NodeLost. Unaccepted
/// within placement-timeout: sent again if a replica is placed on a live board (the message was lost at a hand-off, or
/// its board died unnoticed), else RESOURCE_EXHAUSTED with the placement reason.
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
    private sealed record PlacedCheck(int Attempt);

    /// <summary>How often a retry waiting for its replica to be placed again looks at the view.</summary>
    private static readonly TimeSpan PlacedPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>To the router, just before the final answer: the request no longer counts as in flight.</summary>
    internal sealed record Finished
    {
        public static readonly Finished Instance = new();
    }

    private readonly GenerateRequest _request;
    private readonly IActorRef _region;
    private readonly ClusterSettings _settings;
    private readonly Func<string, string> _unplacedReason;
    private readonly Func<string, bool> _isPlaced;
    private readonly Func<string, string?> _placedReplica;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string _entityId;
    private int _attempt;
    private string _attemptId;
    private IActorRef? _entity;
    private string? _node;
    private int _tokens;
    private bool _done;
    private bool _transmitted;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="unplacedReason">Why a replica is not placed, from the router's view (for refusals).</param>
    /// <param name="isPlaced">Whether the router's view has the replica on a live board.</param>
    /// <param name="placedReplica">
    /// A replica of the request's model placed on a live board, from the router's view: the session's own first, else
    /// the one after the given replica; null when none is. Where a request goes again after a loss.
    /// </param>
    public static Props Props(GenerateRequest request, string entityId, IActorRef region, ClusterSettings settings,
        TimeSpan requestTimeout, Func<string, string> unplacedReason, Func<string, bool> isPlaced, Func<string, string?> placedReplica) =>
        Akka.Actor.Props.Create(() => new RequestTracker(request, entityId, region, settings, requestTimeout, unplacedReason, isPlaced, placedReplica));

    public RequestTracker(GenerateRequest request, string entityId, IActorRef region, ClusterSettings settings,
        TimeSpan requestTimeout, Func<string, string> unplacedReason, Func<string, bool> isPlaced, Func<string, string?> placedReplica)
    {
        _request = request;
        _entityId = entityId;
        _region = region;
        _settings = settings;
        _unplacedReason = unplacedReason;
        _isPlaced = isPlaced;
        _placedReplica = placedReplica;
        _attemptId = request.RequestId;

        Receive<RequestAccepted>(a => a.RequestId == _attemptId, Accepted);
        Receive<TokenChunk>(t => t.RequestId == _attemptId, t =>
        {
            _tokens++;
            _request.ReplyTo.Tell(t with { RequestId = _request.RequestId }, Sender);
        });
        Receive<Completed>(c => c.RequestId == _attemptId, c => Finish(c with { RequestId = _request.RequestId }));
        Receive<Failed>(f => f.RequestId == _attemptId, f =>
        {
            // A retriable Internal failure is the board's pool or handle stopping under the request: the board is going away.
            if (f is { Code: NanoErrorCode.Internal, Retriable: true }) Lost($"board {_node} stopped ({f.Message})");
            else Finish(f with { RequestId = _request.RequestId });
        });
        Receive<Rejected>(r => r.RequestId == _attemptId, r => Finish(r with { RequestId = _request.RequestId }));
        Receive<CancelRequest>(_ => Cancel());
        Receive<Terminated>(t => t.ActorRef.Equals(_entity), EntityGone);
        Receive<GraceOver>(g => g.Attempt == _attempt, _ => Lost("its replica stopped without answering"));
        Receive<AcceptTimeout>(t => t.Attempt == _attempt && _entity is null, _ => NotAccepted());
        Receive<PlacedCheck>(c => c.Attempt == _attempt && !_transmitted, _ =>
        {
            if (_isPlaced(_entityId)) Transmit();
        });
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
        // Again after a loss: to a replica on a live board, not necessarily the same one. The lost replica's shard
        // stays homed on the dead board for the coordinator's removal margin (SBR stable-after) after the board is
        // removed; the other replicas serve at once.
        if (_attempt > 0) _entityId = _placedReplica(_entityId) ?? _entityId;
        _attemptId = _attempt == 0 ? _request.RequestId : $"{_request.RequestId}~{_attempt}";
        _entity = null;
        _transmitted = false;
        Timers.StartSingleTimer("accept", new AcceptTimeout(_attempt), _settings.PlacementTimeout);
        // The first attempt goes at once (it is what gets an unplaced replica placed). A retry waits until the view has
        // the replica on a live board again: sent earlier, a region that has not yet noticed the loss forwards it to
        // the lost board, and it is gone.
        if (_attempt == 0 || _isPlaced(_entityId)) Transmit();
        else Timers.StartPeriodicTimer("placed", new PlacedCheck(_attempt), PlacedPoll, PlacedPoll);
    }

    private void Transmit()
    {
        _transmitted = true;
        Timers.Cancel("placed");
        _region.Tell(new ModelEnvelope(_entityId, _request with { RequestId = _attemptId, ReplyTo = Self }), Self);
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

    private void NotAccepted()
    {
        // Placed but silent: the message was lost on its way (a shard region drops what it buffered when a
        // hand-off begins), or its board died before anyone noticed. Send it again (to a live replica, see Send);
        // the cancel keeps the first copy from running if it was only slow.
        var elsewhere = _placedReplica(_entityId);
        if (_attempt < _settings.FailoverAttempts && (_isPlaced(_entityId) || (elsewhere is not null && elsewhere != _entityId)))
        {
            _region.Tell(new ModelEnvelope(_entityId, new CancelRequest(_request.ModelId, _attemptId)), Self);
            _log.Warning("request {0}: replica {1} is placed but did not accept it within {2}; sending it again (attempt {3})",
                _request.RequestId, _entityId, _settings.PlacementTimeout, _attempt + 2);
            _attempt++;
            Send();
            return;
        }
        Unplaced();
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
