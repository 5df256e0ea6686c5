using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Event;
using Nano.Actors.Handles;
using Nano.Actors.Pool.Internal;
using Nano.Actors.Protocol;

namespace Nano.Actors.Pool;

// Handle lifecycle: start, ready, runs ending, faults, restarts with backoff, idle unload, eviction.
public sealed partial class PoolActor
{
    private PlacementPlan TrySpawn(ModelEntry model)
    {
        var plan = Placement.Plan(model.Definition, _slots.Values, _settings);
        switch (plan.Kind)
        {
            case PlacementKind.Place:
                Spawn(model, plan.DomainId);
                break;
            case PlacementKind.Evict:
                foreach (var victim in plan.Victims)
                    Drain(victim, $"evicted (least recently used) to make room for model '{model.Name}'");
                break;
            case PlacementKind.NoRoom:
                _log.Debug("No room for another handle of model {ModelId}: {Reason}", model.Name, plan.Reason);
                break;
        }
        return plan;
    }

    private void Spawn(ModelEntry model, int domainId)
    {
        var id = ++_nextHandleId;
        var setup = new HandleSetup(id, model.Definition, domainId, _node, _runtimes);
        var actor = Context.ActorOf(HandleActor.Props(setup, _settings.HandleDispatcher), $"handle-{id}");
        Context.Watch(actor);
        var slot = new HandleSlot(id, model.Name, actor, domainId, model.Definition.MemoryLimitMb, model.Definition.NBatch);
        _slots[id] = slot;
        _slotsByActor[actor] = slot;
        model.Handles.Add(slot);
        _log.Info("Loading model {ModelId} as handle {HandleId} on domain {DomainId} ({MemoryMb} MB, {Live}/{MaxInstances} instances)",
            model.Name, id, domainId, slot.MemoryMb, model.LiveInstances, model.Definition.MaxInstances);
    }

    private void Drain(HandleSlot slot, string why)
    {
        if (!slot.IsLive)
            return;
        slot.State = SlotState.Draining;
        Timers.Cancel(new IdleCheck(slot.Id));
        Unbind(slot);
        _log.Info("Unloading handle {HandleId} of model {ModelId}: {Why}", slot.Id, slot.ModelId, why);
        slot.Actor.Tell(DrainHandle.Instance);
    }

    private void OnHandleReady(HandleReady ready)
    {
        if (!_slots.TryGetValue(ready.HandleId, out var slot))
            return;
        var model = Entry(slot.ModelId);
        model.Runtime = ready.Runtime;
        if (slot.State == SlotState.Loading)
            slot.State = SlotState.Ready;
        slot.Touch();
        ReplyLoads(model, true, $"model '{model.Name}' loaded on handle {slot.Id} (domain {slot.DomainId}, {ready.Runtime})");
        Dispatch(model);
        ScheduleIdle(slot);
    }

    private void OnRunFinished(RunFinished finished)
    {
        if (_inFlight.Remove(finished.RequestId, out var run))
            run.Item.Ticket.Dispose();
        if (!_slots.TryGetValue(finished.HandleId, out var slot))
            return;
        slot.ActiveRuns = Math.Max(0, slot.ActiveRuns - 1);
        slot.Touch();
        var model = Entry(slot.ModelId);
        model.ObserveServiceTime(finished.ServiceTime);
        // The freed handle may serve its own queue or, once idle, be evicted for another model's.
        DispatchAll(first: model);
        ScheduleIdle(slot);
    }

    /// <summary>
    /// Makes sure an idle slot has its idle timer. Runs do not restart it (two timer operations per request cost more
    /// than the run's own messages): the timer checks the slot's last use when it fires and waits out the rest.
    /// </summary>
    private void ScheduleIdle(HandleSlot slot)
    {
        if (!slot.IsIdle)
            return;
        var check = new IdleCheck(slot.Id);
        if (!Timers.IsTimerActive(check))
            Timers.StartSingleTimer(check, check, _settings.IdleUnloadAfter);
    }

    private void OnIdleCheck(IdleCheck check)
    {
        // Busy now: the end of its runs schedules the next check.
        if (!_slots.TryGetValue(check.HandleId, out var slot) || !slot.IsIdle)
            return;
        var idleFor = Stopwatch.GetElapsedTime(slot.LastUsed);
        if (idleFor >= _settings.IdleUnloadAfter)
            Drain(slot, $"idle for {_settings.IdleUnloadAfter}");
        else
            Timers.StartSingleTimer(check, check, _settings.IdleUnloadAfter - idleFor);
    }

    private void OnHandleFaulted(HandleFaulted faulted)
    {
        if (!_slots.TryGetValue(faulted.HandleId, out var slot))
            return;
        slot.State = SlotState.Faulted;
        slot.FaultReason = faulted.Reason;
        Timers.Cancel(new IdleCheck(slot.Id));
        Unbind(slot);
        var model = Entry(slot.ModelId);
        RecordFault(model, slot, faulted.Reason);
        // Backoff starts now, not when the actor has stopped: requests arriving meanwhile wait for the restart.
        ScheduleRestart(model);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_slotsByActor.Remove(terminated.ActorRef, out var slot))
            return;
        _slots.Remove(slot.Id);
        var model = Entry(slot.ModelId);
        model.Handles.Remove(slot);
        Unbind(slot);
        Timers.Cancel(new IdleCheck(slot.Id));

        // Stopped without saying why: an exception escaped the actor (the supervisor stopped it).
        var unexpected = slot.IsLive;
        var faulted = unexpected || slot.State == SlotState.Faulted;
        var reason = slot.FaultReason ?? (unexpected ? "the handle actor stopped unexpectedly" : "unloaded");
        foreach (var run in _inFlight.Values.Where(r => r.Slot == slot).ToList())
        {
            _inFlight.Remove(run.Item.RequestId);
            if (run.Item.Ticket.TryFinish())
                Answer(run.Item, new Failed(run.Item.RequestId, NanoErrorCode.RuntimeFault,
                    $"handle {slot.Id} of model '{model.Name}' stopped: {reason}", Retriable: true));
            run.Item.Ticket.Dispose();
        }
        _log.Info("Handle {HandleId} of model {ModelId} stopped ({Reason}); {Live} handles live", slot.Id, model.Name, reason, _slots.Count);

        if (unexpected)
            RecordFault(model, slot, reason);
        if (faulted)
        {
            if (model.LoadingInstances == 0)
                ReplyLoads(model, false, $"model '{model.Name}' failed to load: {reason}", NanoErrorCode.RuntimeFault);
            // A reported fault started its backoff already (OnHandleFaulted); if that has run out, restart now.
            if (unexpected)
                ScheduleRestart(model);
            else if (!model.RestartPending && !model.IsFailed && model.LiveInstances == 0)
                TrySpawn(model);
        }
        // An unload is done once the handles it drained have stopped; a request arriving meanwhile may have started a new one.
        if (model.Handles.All(h => h.IsLive))
            ReplyUnloads(model);
        if (model.Handles.Count == 0)
            _removing.Remove(model.Name);
        DispatchAll();
    }

    private void RecordFault(ModelEntry model, HandleSlot slot, string reason)
    {
        var faults = model.RecordFault(_settings.FailureWindow);
        _log.Warning("Handle {HandleId} of model {ModelId} faulted ({Faults} within {Window}): {Reason}",
            slot.Id, model.Name, faults, _settings.FailureWindow, reason);
        if (faults >= _settings.MaxFailures && !model.IsFailed)
            MarkFailed(model, $"model '{model.Name}' failed {faults} times within {_settings.FailureWindow}; last fault: {reason}");
    }

    /// <summary>Only this model is affected: its queue is answered, its handles drained, other models carry on.</summary>
    private void MarkFailed(ModelEntry model, string reason)
    {
        _log.Error("Model {ModelId} marked failed: {Reason}", model.Name, reason);
        model.MarkFailed(reason);
        model.RestartPending = false;
        Timers.Cancel(new RestartModel(model.Name));
        foreach (var item in model.Queue.TakeAll())
            FinishQueued(item, new Failed(item.RequestId, NanoErrorCode.ModelFailed, reason, Retriable: true));
        foreach (var slot in model.Handles.ToList())
            Drain(slot, "model marked failed");
        ReplyLoads(model, false, reason, NanoErrorCode.ModelFailed);
    }

    /// <summary>Re-creates the model's handle after min × 2^(faults-1), capped at the maximum backoff.</summary>
    private void ScheduleRestart(ModelEntry model)
    {
        if (model.IsFailed)
            return;
        var faults = Math.Max(1, model.FaultsWithin(_settings.FailureWindow));
        var backoff = TimeSpan.FromTicks((long)Math.Min(
            _settings.RestartBackoffMax.Ticks,
            _settings.RestartBackoffMin.Ticks * Math.Pow(2, Math.Min(30, faults - 1))));
        model.RestartPending = true;
        Timers.StartSingleTimer(new RestartModel(model.Name), new RestartModel(model.Name), backoff);
        _log.Info("Restarting model {ModelId} in {Backoff}", model.Name, backoff);
    }

    private void OnRestartModel(RestartModel restart)
    {
        if (!_models.TryGetValue(restart.ModelId, out var model) || !model.RestartPending)
            return;
        model.RestartPending = false;
        if (!model.IsFailed && model.LiveInstances == 0)
            TrySpawn(model);
        Dispatch(model);
    }

    private void OnAbortInFlight()
    {
        foreach (var run in _inFlight.Values)
            run.Item.Ticket.Cancel(RunCancelReason.PoolStopped);
        Sender.Tell(Done.Instance);
    }

    /// <summary>
    /// A blocking rkllm_run keeps its handle from stopping, so on node shutdown the running requests are
    /// aborted first (they answer Failed, retriable) instead of holding the shutdown for up to their timeout.
    /// </summary>
    private void RegisterShutdownAbort()
    {
        var self = Self;
        var stopped = _stopped.Token;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseServiceStop, $"nano-pool-abort-{Self.Path.Name}", async () =>
        {
            if (stopped.IsCancellationRequested)
                return Done.Instance;
            try
            {
                await self.Ask<Done>(AbortInFlight.Instance, TimeSpan.FromSeconds(2), stopped);
            }
            catch (Exception ex) when (ex is TaskCanceledException or OperationCanceledException or AskTimeoutException)
            {
                // The pool stopped first; nothing left to abort.
            }
            return Done.Instance;
        });
    }
}
