using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Nano.Actors.Configuration;
using Nano.Actors.Diagnostics;
using Nano.Actors.Handles;
using Nano.Actors.Pool.Internal;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Pool;

/// <summary>
/// One per node: owns every handle actor (children on the pinned dispatcher) and decides which model gets
/// a handle, where (memory budget, base_domain_id) and when (lazy load, scale up on waiting, idle unload,
/// LRU eviction, restart with backoff). It routes requests through bounded two-lane per-model queues and
/// makes sure every accepted request gets exactly one final answer (<see cref="RunTicket.TryFinish"/>).
/// </summary>
public sealed partial class PoolActor : ReceiveActor, IWithTimers
{
    private readonly PoolSettings _settings;
    private readonly string _node;
    private readonly Func<RuntimeSpec, IRkllmRuntime> _runtimes;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ModelEntry> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<int, HandleSlot> _slots = new();
    private readonly Dictionary<IActorRef, HandleSlot> _slotsByActor = new();
    private readonly Dictionary<string, InFlightRun> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ModelId, string SessionId), HandleSlot> _sessions = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly List<QueuedRequest> _dispatchScratch = [];
    private int _nextHandleId;

    public PoolActor(PoolSettings settings, IReadOnlyList<ModelDefinition> models, Func<RuntimeSpec, IRkllmRuntime> runtimes, string nodeName)
    {
        _settings = settings;
        _node = nodeName;
        _runtimes = runtimes;
        foreach (var model in models)
            _models.Add(model.Name, new ModelEntry(model, settings.QueueCapacityPerModel));

        Receive<GenerateRequest>(OnGenerate);
        Receive<CancelRequest>(OnCancel);
        Receive<LoadModel>(OnLoadModel);
        Receive<UnloadModel>(OnUnloadModel);
        Receive<ModelCommand>(OnHandleCommand);
        Receive<AddModel>(OnAddModel);
        Receive<RemoveModel>(OnRemoveModel);
        Receive<GetPoolStatus>(_ => Sender.Tell(Snapshot()));
        // Standalone, the pool is the whole "cluster": one board, every model on it.
        Receive<Cluster.GetClusterStatus>(_ => Sender.Tell(Cluster.ClusterStatus.Standalone(Snapshot(), _settings, HostSampler.Sample(_settings.NpuLoadFile))));
        Receive<HandleReady>(OnHandleReady);
        Receive<RunFinished>(OnRunFinished);
        Receive<HandleFaulted>(OnHandleFaulted);
        Receive<Terminated>(OnTerminated);
        Receive<RequestExpired>(OnRequestExpired);
        Receive<AbortOverdue>(OnAbortOverdue);
        Receive<IdleCheck>(OnIdleCheck);
        Receive<ScaleUpCheck>(check => WithModel(check.ModelId, Dispatch));
        Receive<RestartModel>(OnRestartModel);
        Receive<AbortInFlight>(_ => OnAbortInFlight());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PoolSettings settings, IReadOnlyList<ModelDefinition> models, Func<RuntimeSpec, IRkllmRuntime> runtimes, string nodeName) =>
        Akka.Actor.Props.Create(() => new PoolActor(settings, models, runtimes, nodeName));

    /// <summary>
    /// A handle that throws is stopped, never restarted in place: a new handle needs a fresh rkllm_init and
    /// placement, and the pool counts the fault and applies backoff itself (see OnTerminated).
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        RegisterShutdownAbort();
        foreach (var model in _models.Values.Where(m => m.Definition.Preload))
        {
            var plan = TrySpawn(model);
            if (plan.Kind == PlacementKind.NoRoom)
                _log.Warning("Cannot preload model {ModelId}: {Reason}", model.Name, plan.Reason);
        }
    }

    protected override void PostStop()
    {
        _stopped.Cancel();
        // Children (handles) have stopped by now and answered their own runs; this answers the rest.
        foreach (var model in _models.Values)
        {
            foreach (var item in model.Queue.TakeAll())
                FinishQueued(item, new Failed(item.RequestId, NanoErrorCode.Internal, $"the NPU pool of node {_node} stopped", Retriable: true));
            ReplyLoads(model, false, "the NPU pool stopped", NanoErrorCode.Internal);
        }
        foreach (var run in _inFlight.Values)
        {
            if (run.Item.Ticket.TryFinish())
                Answer(run.Item, new Failed(run.Item.RequestId, NanoErrorCode.Internal, $"the NPU pool of node {_node} stopped", Retriable: true));
            run.Item.Ticket.Dispose();
        }
        _inFlight.Clear();
        _stopped.Dispose();
    }

    // ---- requests ----

    private void OnGenerate(GenerateRequest request)
    {
        if (!_models.TryGetValue(request.ModelId, out var model))
        {
            Reject(request, NanoErrorCode.ModelNotFound, UnknownModel(request.ModelId));
            return;
        }
        if (model.IsFailed)
        {
            Reject(request, NanoErrorCode.ModelFailed, model.FailureReason!);
            return;
        }
        if (Validate(model, request) is { } invalid)
        {
            Reject(request, NanoErrorCode.BadRequest, invalid);
            return;
        }
        if (model.LiveInstances == 0 && !model.RestartPending
            && Placement.Plan(model.Definition, _slots.Values, _settings) is { Kind: PlacementKind.NoRoom } plan)
        {
            Reject(request, NanoErrorCode.ResourceExhausted, $"cannot load model '{model.Name}': {plan.Reason}");
            return;
        }

        switch (model.Queue.Admit(request.Priority))
        {
            case Admission.RefuseFull:
                Reject(request, NanoErrorCode.QueueFull, $"the queue of model '{model.Name}' is full ({model.Queue.Capacity} waiting)", model.EstimateRetryAfter());
                return;
            case Admission.RefuseBatch:
                Reject(request, NanoErrorCode.QueueFull,
                    $"batch work is refused while the queue of model '{model.Name}' is half full ({model.Queue.Count}/{model.Queue.Capacity})",
                    model.EstimateRetryAfter());
                return;
            case Admission.AcceptShedBatch when model.Queue.ShedNewestBatch() is { } shed:
                _log.Info("Shedding batch request {RequestId} of model {ModelId} for interactive work", shed.RequestId, model.Name);
                FinishQueued(shed, new Rejected(shed.RequestId, NanoErrorCode.QueueFull,
                    $"batch request shed for interactive work on model '{model.Name}'", model.EstimateRetryAfter()));
                break;
        }

        // A timeout while still queued must reach the pool; once running, the handle answers it.
        var ticket = new RunTicket(request.RequestId, request.Timeout ?? _settings.RequestTimeout, Self, new RequestExpired(model.Name, request.RequestId));
        model.Queue.Enqueue(new QueuedRequest(request, ticket));
        _log.Debug("Accepted request {RequestId} for model {ModelId} ({Priority}, queue {Queue})", request.RequestId, model.Name, request.Priority, model.Queue.Count);
        Dispatch(model);
    }

    private void OnCancel(CancelRequest cancel)
    {
        if (_inFlight.TryGetValue(cancel.RequestId, out var run))
        {
            _log.Info("Cancelling running request {RequestId} of model {ModelId} on handle {HandleId}", cancel.RequestId, run.Slot.ModelId, run.Slot.Id);
            run.Item.Ticket.Cancel(RunCancelReason.Cancelled);
            return;
        }
        if (_models.TryGetValue(cancel.ModelId, out var model) && model.Queue.Find(cancel.RequestId) is { } item)
        {
            _log.Info("Cancelling queued request {RequestId} of model {ModelId}", cancel.RequestId, model.Name);
            model.Queue.Remove(item);
            FinishQueued(item, new Failed(item.RequestId, NanoErrorCode.Cancelled, "request cancelled", Retriable: false));
            return;
        }
        _log.Debug("Cancel for request {RequestId} of model {ModelId}: not queued nor running", cancel.RequestId, cancel.ModelId);
    }

    private void OnRequestExpired(RequestExpired expired)
    {
        if (_inFlight.TryGetValue(expired.RequestId, out var running))
        {
            // The handle aborts the run and answers; should the runtime ignore the abort, the pool answers after the grace.
            var check = new AbortOverdue(expired.RequestId);
            if (!running.Item.Ticket.IsFinished && !Timers.IsTimerActive(check))
                Timers.StartSingleTimer(check, check, _settings.AbortGrace);
            return;
        }
        if (!_models.TryGetValue(expired.ModelId, out var model) || model.Queue.Find(expired.RequestId) is not { } item)
            return;
        model.Queue.Remove(item);
        _log.Info("Request {RequestId} of model {ModelId} expired in the queue", item.RequestId, model.Name);
        FinishQueued(item, item.Ticket.ToFailed());
    }

    /// <summary>
    /// A cancelled or timed-out run whose handle has not answered within the grace: its runtime ignored rkllm_abort
    /// (wedged in native code). The requester gets the answer now; the handle stays busy until its run returns, or
    /// until an isolated child's watchdog kills it.
    /// </summary>
    private void OnAbortOverdue(AbortOverdue overdue)
    {
        if (!_inFlight.TryGetValue(overdue.RequestId, out var run) || !run.Item.Ticket.TryFinish())
            return;
        _log.Warning("Handle {HandleId} of model {ModelId} did not stop request {RequestId} within {Grace} of its {Reason}; answering it from the pool",
            run.Slot.Id, run.Slot.ModelId, overdue.RequestId, _settings.AbortGrace, run.Item.Ticket.Reason);
        Answer(run.Item, run.Item.Ticket.ToFailed());
    }

    private string? Validate(ModelEntry model, GenerateRequest request)
    {
        if (_inFlight.ContainsKey(request.RequestId) || model.Queue.Find(request.RequestId) is not null)
            return $"request id '{request.RequestId}' is already in progress";
        var def = model.Definition;
        if (request.LoraAdapter is { } lora && def.Loras.All(l => l.Name != lora))
            return $"model '{def.Name}' has no LoRA adapter '{lora}'; known: {Known(def.Loras.Select(l => l.Name))}";
        if (request.PromptCache is { } cache && def.PromptCaches.All(c => c.Name != cache))
            return $"model '{def.Name}' has no prompt cache '{cache}'; known: {Known(def.PromptCaches.Select(c => c.Name))}";
        return null;
    }

    private void Reject(GenerateRequest request, NanoErrorCode code, string reason, TimeSpan? retryAfter = null)
    {
        _log.Info("Rejected request {RequestId} for model {ModelId}: {Code} {Reason}", request.RequestId, request.ModelId, code, reason);
        var rejected = new Rejected(request.RequestId, code, reason, retryAfter);
        request.ReplyTo.Tell(rejected);
        NanoActorMetrics.RecordFinal(_node, request.ModelId, rejected, acceptedAt: null);
    }

    private void FinishQueued(QueuedRequest item, IWithRequestId final)
    {
        if (item.Ticket.TryFinish())
            Answer(item, final);
        item.Ticket.Dispose();
    }

    /// <summary>Sends a final answer the pool owns (its caller won the ticket) and records it.</summary>
    private void Answer(QueuedRequest item, IWithRequestId final)
    {
        item.Request.ReplyTo.Tell(final);
        NanoActorMetrics.RecordFinal(_node, item.Request.ModelId, final, item.Ticket.AcceptedAt);
    }

    // ---- dispatch ----

    /// <summary>Hands waiting requests to handles with room, then grows the model if requests still wait.</summary>
    private void Dispatch(ModelEntry model)
    {
        if (model.Queue.Count > 0)
        {
            var canGrow = CanGrow(model);
            // A snapshot: starting a run removes its request from the queue. The list is reused (the actor is single-threaded).
            model.Queue.CopyInServiceOrder(_dispatchScratch);
            foreach (var item in _dispatchScratch)
            {
                if (PickHandle(model, item.Request, canGrow) is not { } slot)
                    continue;
                model.Queue.Remove(item);
                StartRun(model, slot, item);
            }
            _dispatchScratch.Clear();
        }
        Grow(model);
    }

    private void DispatchAll(ModelEntry? first = null)
    {
        if (first is not null)
            Dispatch(first);
        foreach (var model in _models.Values)
        {
            if (model != first && (model.Queue.Count > 0 || model.PendingLoads.Count > 0))
                Dispatch(model);
        }
    }

    /// <summary>
    /// A session's requests go to its handle and wait while it is busy. A request that needs a handle of its
    /// own prefers one no session is bound to; it takes over a session's idle handle (dropping that binding,
    /// the KV history is lost) only when the model cannot get another instance.
    /// </summary>
    private HandleSlot? PickHandle(ModelEntry model, GenerateRequest request, bool canGrow)
    {
        if (request.SessionId is { } session && _sessions.TryGetValue((model.Name, session), out var bound))
            return bound.HasRoom ? bound : null;
        // Loops, not LINQ: this runs for every request (the least loaded unbound handle, else the least recently used idle one).
        HandleSlot? unbound = null, idle = null;
        foreach (var h in model.Handles)
        {
            if (!h.HasRoom)
                continue;
            if (h.SessionId is null && (unbound is null || h.ActiveRuns < unbound.ActiveRuns))
                unbound = h;
            if (h.ActiveRuns == 0 && (idle is null || h.LastUsed < idle.LastUsed))
                idle = h;
        }
        return unbound ?? (canGrow ? null : idle);
    }

    private bool CanGrow(ModelEntry model) =>
        !model.IsFailed && !model.RestartPending
        && model.LiveInstances < model.Definition.MaxInstances
        && Placement.Plan(model.Definition, _slots.Values, _settings).Kind != PlacementKind.NoRoom;

    private void StartRun(ModelEntry model, HandleSlot slot, QueuedRequest item)
    {
        var request = item.Request;
        var clearFirst = false;
        if (request.SessionId is { } session)
        {
            if (slot.SessionId != session)
            {
                Unbind(slot);
                slot.SessionId = session;
                _sessions[(model.Name, session)] = slot;
                // The handle may still hold another conversation's KV history.
                clearFirst = true;
            }
        }
        else
        {
            // A run without keep_history discards the bound session's history.
            Unbind(slot);
        }

        // The slot's idle timer is left running: when it fires it sees the slot busy or recently used (see OnIdleCheck).
        slot.ActiveRuns++;
        slot.Touch();
        _inFlight[item.RequestId] = new InFlightRun(item, slot);
        _log.Debug("Request {RequestId} of model {ModelId} goes to handle {HandleId}", item.RequestId, model.Name, slot.Id);
        slot.Actor.Tell(new RunRequest(request, item.Ticket, KeepHistory: request.SessionId is not null, clearFirst));
    }

    /// <summary>
    /// Starts another handle when requests wait that no live handle will take: at once for a model without
    /// instances (lazy load), after ScaleUpAfterWait for a model that has some (scale up to max_instances).
    /// </summary>
    private void Grow(ModelEntry model)
    {
        if (model.IsFailed || model.RestartPending || model.LiveInstances >= model.Definition.MaxInstances)
            return;
        // Requests no live handle will take (those of a session wait for its handle), and since when the oldest waits.
        var waiting = 0;
        var oldest = long.MaxValue;
        foreach (var q in model.Queue.Count == 0 ? [] : model.Queue.InServiceOrder())
        {
            if (HasLiveSession(model, q.Request))
                continue;
            waiting++;
            oldest = Math.Min(oldest, q.Ticket.AcceptedAt);
        }
        var wantsLoad = model.PendingLoads.Count > 0 && model.LiveInstances == 0;
        var demand = waiting + (wantsLoad ? 1 : 0);
        if (demand == 0 || model.LoadingInstances >= demand)
            return;

        if (model.LiveInstances > 0 && !wantsLoad)
        {
            var waited = Stopwatch.GetElapsedTime(oldest);
            if (waited < _settings.ScaleUpAfterWait)
            {
                var check = new ScaleUpCheck(model.Name);
                if (!Timers.IsTimerActive(check))
                    Timers.StartSingleTimer(check, check, _settings.ScaleUpAfterWait - waited);
                return;
            }
        }
        TrySpawn(model);
    }

    private bool HasLiveSession(ModelEntry model, GenerateRequest request) =>
        request.SessionId is { } session && _sessions.ContainsKey((model.Name, session));

    private void Unbind(HandleSlot slot)
    {
        if (slot.SessionId is { } session)
            _sessions.Remove((slot.ModelId, session));
        slot.SessionId = null;
    }

    private void WithModel(string modelId, Action<ModelEntry> action)
    {
        if (_models.TryGetValue(modelId, out var model))
            action(model);
    }

    private string UnknownModel(string modelId) =>
        $"unknown model '{modelId}'; known models: {Known(_models.Keys.Order(StringComparer.Ordinal))}";

    private static string Known(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "(none)" : list;
    }

    private PoolSnapshot Snapshot() => new(
        _node,
        _models.Values.Select(m => m.ToStatus()).ToList(),
        _slots.Count,
        _settings.MaxHandles,
        _slots.Values.Sum(s => s.MemoryMb),
        _settings.MemoryBudgetMb);

    // ---- private messages; the records with payload double as timer keys ----

    private sealed record RequestExpired(string ModelId, string RequestId);

    private sealed record IdleCheck(int HandleId);

    private sealed record AbortOverdue(string RequestId);

    private sealed record ScaleUpCheck(string ModelId);

    private sealed record RestartModel(string ModelId);

    private sealed record AbortInFlight
    {
        public static readonly AbortInFlight Instance = new();
    }
}
