namespace Nano.Runtime.Sim.Internal;

/// <summary>The worker's NPU jobs and callbacks. Callbacks are made outside the lock, so sinks may call Abort or RunAsync.</summary>
internal sealed partial class SimEngine
{
    private void Execute(JobPlan job)
    {
        var clock = board.Clock;
        // While busy, jobs chain on this handle's own simulated deadlines; after idling, the next one starts "now".
        var ready = idle ? Math.Max(clock.NowMs, cursor) : cursor;
        idle = false;
        var slot = board.Npu.Reserve(this, ready, job.DurationMs, job.Interrupt);
        if (slot is not { } granted || !clock.WaitUntil(granted.End, job.Interrupt))
        {
            // Aborted or destroyed before or during the job: it does not count and the NPU is free again.
            var stop = clock.NowMs;
            if (slot is { } cut) board.Npu.CutShort(cut.Start, cut.End, stop);
            cursor = Math.Min(stop, slot?.End ?? stop);
            idle = true;
            return;
        }
        var end = granted.End;
        cursor = end;

        var tokens = new List<(SimSequence Sequence, SimToken Token)>();
        string? savePath = null;
        var saveTokens = 0;
        lock (gate)
        {
            // Every run active in this handle waited for this job (queueing for the NPU included): it counts in its phase.
            foreach (var s in job.Participants)
            {
                if (s.Phase == SimPhase.Prefilling) s.PrefillMs += end - ready;
                else s.GenerateMs += end - ready;
            }
            if (job.Prefill is { AbortRequested: false } p)
            {
                p.PrefillRemaining -= job.Chunk;
                p.PrefillTokens += job.Chunk;
                if (p.PrefillRemaining == 0)
                {
                    p.Slot.Kv += p.PrefillTotal;
                    p.Phase = p.Request.Mode == RkllmInferMode.Generate ? SimPhase.Decoding : SimPhase.OutputReady;
                    if (p.Request.PromptCache is { Save: true } cache)
                    {
                        savePath = cache.Path;
                        saveTokens = p.Slot.Kv;
                    }
                }
            }
            foreach (var s in job.Decoders)
                if (!s.AbortRequested) tokens.Add((s, s.NextToken()));
        }
        if (savePath is not null) SavePromptCache(savePath, saveTokens);
        AsHostTime(() => tokens.ForEach(t => DeliverToken(t.Sequence, t.Token)));
    }

    private void DeliverToken(SimSequence s, SimToken token)
    {
        lock (gate)
        {
            if (s.AbortRequested) return; // Abort stops the flow before the next token; it is not counted either.
            s.Generated++;
            s.Slot.Kv++;
        }
        if (Invoke(s, new RkllmResult(RkllmCallState.Normal, token.Text, token.Id)) != RkllmCallbackAction.Pause) return;
        SimRunCall? call = null;
        lock (gate)
        {
            if (s.AbortRequested) return;
            s.Phase = SimPhase.Paused;
            (call, s.Call) = (s.Call, null);
        }
        call?.Complete();
    }

    private void Deliver(Ending ending)
    {
        var s = ending.Sequence;
        if (ending.Kind == EndKind.Error)
        {
            Invoke(s, new RkllmResult(RkllmCallState.Error, null, -1));
            ending.Call?.Complete(ending.Error);
            return;
        }
        if (ending.Kind == EndKind.Output)
        {
            var output = new RkllmResult(RkllmCallState.Normal, null, -1);
            output = s.Request.Mode == RkllmInferMode.LastHiddenLayer
                ? output with { HiddenLayer = SimTensors.HiddenLayer(s.Request.InputHash, s.PrefillTotal, profile.EmbdSize) }
                : output with { Logits = SimTensors.Logits(s.Request.InputHash, profile.VocabSize) };
            Invoke(s, output); // ReleaseBuffer needs no action: the arrays are the sink's own copies.
        }
        Invoke(s, new RkllmResult(RkllmCallState.Finish, null, -1) { Perf = s.Perf(profile.MemoryMb) });
        ending.Call?.Complete(s.Failure);
    }

    private RkllmCallbackAction Invoke(SimSequence s, RkllmResult result)
    {
        try
        {
            return s.Sink.OnResult(result);
        }
        catch (Exception e)
        {
            // As with a native callback, the exception cannot cross the runtime: log it and end the run with an error.
            SimLog.SinkThrew(logger, profile.Name, e);
            lock (gate)
            {
                s.Failure ??= $"result callback threw {e.GetType().Name}: {e.Message}";
                s.AbortRequested = true;
            }
            return RkllmCallbackAction.Continue;
        }
    }

    private void SavePromptCache(string path, int tokens)
    {
        try { SimPromptCache.Save(path, profile.Name, tokens); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SimLog.PromptCacheNotSaved(logger, path, e);
        }
    }
}
