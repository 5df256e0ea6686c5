using Akka.Actor;
using Akka.Event;
using Nano.Actors.Handles;
using Nano.Actors.Pool.Internal;
using Nano.Actors.Protocol;

namespace Nano.Actors.Pool;

// Model commands: LoadModel and UnloadModel change the pool; the rest run on the handles' pinned threads.
// AddModel and RemoveModel change which models the pool knows at run time.
public sealed partial class PoolActor
{
    /// <summary>Removed models whose handles are still stopping: their slots still need the entry.</summary>
    private readonly Dictionary<string, ModelEntry> _removing = new(StringComparer.Ordinal);

    private ModelEntry Entry(string modelId) => _models.TryGetValue(modelId, out var model) ? model : _removing[modelId];

    private void OnAddModel(AddModel command)
    {
        var definition = command.Model;
        // models.json refuses names differing only in case, so the runtime registry does too.
        var taken = _models.Keys.Concat(_removing.Keys).FirstOrDefault(n => string.Equals(n, definition.Name, StringComparison.OrdinalIgnoreCase));
        if (taken is not null)
        {
            var why = _removing.ContainsKey(taken) ? $"model '{taken}' is still being removed" : $"model '{taken}' already exists";
            Sender.Tell(new CommandResult(definition.Name, false, why, NanoErrorCode.ModelExists));
            return;
        }
        var model = new ModelEntry(definition, _settings.QueueCapacityPerModel);
        _models.Add(definition.Name, model);
        _log.Info("Model {ModelId} added ({Runtime}, {MemoryMb} MB, up to {MaxInstances} instances)",
            definition.Name, definition.Runtime.Kind, definition.MemoryLimitMb, definition.MaxInstances);
        if (definition.Preload && TrySpawn(model) is { Kind: PlacementKind.NoRoom } plan)
            _log.Warning("Cannot preload model {ModelId}: {Reason}", model.Name, plan.Reason);
        Sender.Tell(new CommandResult(definition.Name, true, $"model '{definition.Name}' added"));
    }

    private void OnRemoveModel(RemoveModel command)
    {
        if (!_models.Remove(command.ModelId, out var model))
        {
            Sender.Tell(new CommandResult(command.ModelId, false, UnknownModel(command.ModelId), NanoErrorCode.ModelNotFound));
            return;
        }
        _log.Info("Removing model {ModelId}: {Queued} queued and {Running} running requests are cancelled",
            model.Name, model.Queue.Count, _inFlight.Values.Count(r => r.Slot.ModelId == model.Name));
        model.RestartPending = false;
        Timers.Cancel(new RestartModel(model.Name));
        Timers.Cancel(new ScaleUpCheck(model.Name));
        foreach (var item in model.Queue.TakeAll())
            FinishQueued(item, new Failed(item.RequestId, NanoErrorCode.Cancelled, $"model '{model.Name}' was removed", Retriable: false));
        // Unlike UnloadModel, runs do not finish first: the model is going away, so its handles should stop soon.
        foreach (var run in _inFlight.Values.Where(r => r.Slot.ModelId == model.Name))
            run.Item.Ticket.Cancel(RunCancelReason.Cancelled);
        ReplyLoads(model, false, $"model '{model.Name}' was removed", NanoErrorCode.Cancelled);
        foreach (var key in _sessions.Keys.Where(k => k.ModelId == model.Name).ToList())
            _sessions.Remove(key);
        if (model.Handles.Count == 0)
        {
            Sender.Tell(new CommandResult(model.Name, true, $"model '{model.Name}' removed"));
            return;
        }
        _removing[model.Name] = model;
        model.PendingUnloads.Add(Sender);
        foreach (var slot in model.Handles.ToList())
            Drain(slot, "model removed");
    }

    private void OnLoadModel(LoadModel command)
    {
        if (!_models.TryGetValue(command.ModelId, out var model))
        {
            Sender.Tell(new CommandResult(command.ModelId, false, UnknownModel(command.ModelId), NanoErrorCode.ModelNotFound));
            return;
        }
        if (model.IsFailed)
        {
            _log.Info("Model {ModelId} reset by LoadModel after: {Reason}", model.Name, model.FailureReason);
            model.Reset();
        }
        var ready = model.Handles.Count(h => h.State == SlotState.Ready);
        if (ready > 0)
        {
            Sender.Tell(new CommandResult(model.Name, true, $"model '{model.Name}' is loaded ({ready} handles)"));
            return;
        }

        model.PendingLoads.Add(Sender);
        if (model.LoadingInstances > 0 || model.RestartPending)
            return;
        if (TrySpawn(model) is { Kind: PlacementKind.NoRoom } plan)
            ReplyLoads(model, false, $"cannot load model '{model.Name}': {plan.Reason}", NanoErrorCode.ResourceExhausted);
    }

    private void OnUnloadModel(UnloadModel command)
    {
        if (!_models.TryGetValue(command.ModelId, out var model))
        {
            Sender.Tell(new CommandResult(command.ModelId, false, UnknownModel(command.ModelId), NanoErrorCode.ModelNotFound));
            return;
        }
        model.RestartPending = false;
        Timers.Cancel(new RestartModel(model.Name));
        foreach (var item in model.Queue.TakeAll())
            FinishQueued(item, new Failed(item.RequestId, NanoErrorCode.Cancelled, $"model '{model.Name}' was unloaded", Retriable: true));
        ReplyLoads(model, false, $"model '{model.Name}' was unloaded", NanoErrorCode.Cancelled);
        if (model.Handles.Count == 0)
        {
            Sender.Tell(new CommandResult(model.Name, true, $"model '{model.Name}' is not loaded"));
            return;
        }
        // Runs in flight finish first; the answer goes out when the last handle has stopped.
        model.PendingUnloads.Add(Sender);
        foreach (var slot in model.Handles.ToList())
            Drain(slot, "unloaded by command");
    }

    /// <summary>Fans the command out to the model's live handles (or the session's) and merges their answers.</summary>
    private void OnHandleCommand(ModelCommand command)
    {
        if (!_models.TryGetValue(command.ModelId, out var model))
        {
            Sender.Tell(new CommandResult(command.ModelId, false, UnknownModel(command.ModelId), NanoErrorCode.ModelNotFound));
            return;
        }
        var targets = command.SessionId is { } session
            ? _sessions.TryGetValue((model.Name, session), out var bound) ? [bound] : new List<HandleSlot>()
            : model.Handles.Where(h => h.IsLive).ToList();
        if (targets.Count == 0)
        {
            var why = command.SessionId is { } s
                ? $"no handle of model '{model.Name}' serves session '{s}'"
                : $"model '{model.Name}' has no live handle; send LoadModel first";
            Sender.Tell(new CommandResult(model.Name, false, why, NanoErrorCode.BadRequest));
            return;
        }

        // A handle in a blocking run reads its mailbox only after the run, which the request timeout bounds.
        var timeout = _settings.RequestTimeout + TimeSpan.FromSeconds(5);
        var modelId = model.Name;
        Task.WhenAll(targets.Select(t => t.Actor.Ask<HandleCommandDone>(new HandleCommand(command), timeout)))
            .PipeTo(Sender,
                success: done => Merge(modelId, done),
                failure: ex => new CommandResult(modelId, false, $"command failed: {ex.GetBaseException().Message}", NanoErrorCode.Internal));
    }

    private static CommandResult Merge(string modelId, HandleCommandDone[] done)
    {
        var ok = done.All(d => d.Ok);
        var message = string.Join("; ", done.OrderBy(d => d.HandleId).Select(d => $"handle {d.HandleId}: {d.Message}"));
        var values = done.Where(d => d.Values is not null).SelectMany(d => d.Values!).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new CommandResult(modelId, ok, message, ok ? null : NanoErrorCode.BadRequest)
        {
            Values = values.Count > 0 ? values : null,
        };
    }

    private static void ReplyLoads(ModelEntry model, bool ok, string message, NanoErrorCode? code = null)
    {
        foreach (var waiter in model.PendingLoads)
            waiter.Tell(new CommandResult(model.Name, ok, message, code));
        model.PendingLoads.Clear();
    }

    private static void ReplyUnloads(ModelEntry model)
    {
        foreach (var waiter in model.PendingUnloads)
            waiter.Tell(new CommandResult(model.Name, true, $"model '{model.Name}' unloaded"));
        model.PendingUnloads.Clear();
    }
}
