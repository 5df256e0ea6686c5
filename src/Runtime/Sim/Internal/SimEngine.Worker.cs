namespace Nano.Runtime.Sim.Internal;

/// <summary>The worker thread: plans the next NPU job under the lock, runs it on the shared NPU, makes the callbacks.</summary>
internal sealed partial class SimEngine
{
    /// <summary>Prefill is split into chunks so other handles' steps interleave and Abort lands between chunks.</summary>
    private const int PrefillChunkTokens = 128;

    /// <summary>
    /// ASSUMPTION: a decode step over k sequences takes step * (1 + 0.15 (k - 1)): batching buys throughput, not latency.
    /// Not from the benchmark table (which is single-sequence); a conservative guess for a memory-bound NPU decode.
    /// </summary>
    public const double BatchStepOverhead = 0.15;

    /// <summary>
    /// While a handle stays busy its jobs are chained on absolute simulated deadlines, so when the worker wakes late
    /// (timer rounding, CPU contention) the following jobs catch up and model time and wall time stay in step.
    /// Time spent inside result callbacks is the host's, as with rkllm's synchronous callback: the NPU does not
    /// progress meanwhile, so callbacks longer than this shift the chain (without counting in perf).
    /// </summary>
    private const double SlowCallbackWallMs = 5;

    private double cursor = double.NegativeInfinity; // simulated end of this handle's last NPU job
    private bool idle = true;                         // no job since the handle last ran out of work

    private enum EndKind { Finish, Error, Output }

    private sealed record Ending(SimSequence Sequence, EndKind Kind, SimRunCall? Call, string? Error = null);

    private abstract record Plan;
    private sealed record ExitPlan : Plan;
    private sealed record EndingsPlan(List<Ending> Endings) : Plan;
    private sealed record JobPlan(SimSequence[] Participants, SimSequence? Prefill, int Chunk, SimSequence[] Decoders,
        double DurationMs, CancellationToken Interrupt) : Plan;

    private void Loop()
    {
        try
        {
            while (true)
            {
                Plan plan;
                lock (gate) plan = NextPlan();
                switch (plan)
                {
                    case ExitPlan:
                        board.Npu.Detach(this);
                        return;
                    case EndingsPlan e: AsHostTime(() => e.Endings.ForEach(Deliver)); break;
                    case JobPlan job: Execute(job); break;
                }
            }
        }
        catch (Exception e)
        {
            // A bug here would otherwise leave Run callers blocked forever: fail every run instead.
            SimLog.WorkerFailed(logger, e);
            List<SimSequence> stranded;
            lock (gate)
            {
                disposed = true;
                stranded = [.. sequences];
                sequences.Clear();
            }
            board.Npu.Detach(this);
            foreach (var s in stranded) s.Call?.Complete($"simulated NPU worker failed: {e.Message}");
        }
    }

    /// <summary>Under the lock: ends finished/aborted/failed runs first, then picks a prefill chunk, else a decode step.</summary>
    private Plan NextPlan()
    {
        while (true)
        {
            if (interrupt.IsCancellationRequested)
            {
                interrupt.Dispose();
                interrupt = new CancellationTokenSource();
            }

            var endings = new List<Ending>();
            foreach (var s in sequences.ToList())
            {
                if (EndingOf(s) is not { } end) continue;
                var (kind, error) = end;
                sequences.Remove(s);
                s.Slot.Sequence = null;
                if (!s.Request.KeepHistory) s.Slot.DropHistory();
                endings.Add(new Ending(s, kind, s.Call, error));
                s.Call = null;
            }
            if (endings.Count > 0) return new EndingsPlan(endings);
            if (disposed && sequences.Count == 0) return new ExitPlan();

            var participants = sequences.Where(s => s.Phase is SimPhase.Prefilling or SimPhase.Decoding).ToArray();
            var prefill = participants.FirstOrDefault(s => s.Phase == SimPhase.Prefilling);
            if (prefill is not null)
            {
                var chunk = Math.Min(PrefillChunkTokens, prefill.PrefillRemaining);
                return new JobPlan(participants, prefill, chunk, [], chunk * profile.PrefillMsPerToken, interrupt.Token);
            }
            var decoders = participants.Where(s => s.Phase == SimPhase.Decoding).ToArray();
            if (decoders.Length > 0)
            {
                var step = profile.DecodeStepMs * (1 + BatchStepOverhead * (decoders.Length - 1));
                return new JobPlan(participants, null, 0, decoders, step, interrupt.Token);
            }
            idle = true; // the next run starts at "now", not where the last one ended
            board.Npu.SetIdle(this);
            Monitor.Wait(gate);
        }
    }

    /// <summary>Runs callbacks; a slow one delays this handle's next NPU job by its wall time.</summary>
    private void AsHostTime(Action callbacks)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        callbacks();
        var wallMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (wallMs > SlowCallbackWallMs && !idle) cursor += wallMs / board.Clock.TimeScale;
    }

    /// <summary>Under the lock: admits a pending run (which may fail it), then says whether and how the run ends now.</summary>
    private (EndKind, string?)? EndingOf(SimSequence s)
    {
        if (s.AbortRequested) return s.Failure is null ? (EndKind.Finish, null) : (EndKind.Error, s.Failure);
        if (s.Phase == SimPhase.Pending && Admit(s) is { } error) return (EndKind.Error, error);
        if (s.Phase == SimPhase.Decoding && (s.IsDone || s.Slot.Kv >= maxContextLen)) return (EndKind.Finish, null);
        if (s.Phase == SimPhase.OutputReady) return (EndKind.Output, null);
        return null;
    }

    /// <summary>Under the lock: sizes the prefill (system prompt for a fresh conversation + input) and checks the KV cache.</summary>
    private string? Admit(SimSequence s)
    {
        var slot = s.Slot;
        var system = 0;
        if (!s.IsResume && slot.NeedsSystemPrompt(systemVersion))
        {
            slot.Clear();
            slot.SystemVersion = systemVersion;
            if (cachedPrefixTokens > 0) slot.Kv = slot.SystemKv = cachedPrefixTokens; // loaded prompt cache: no prefill
            else slot.SystemKv = system = systemTokens;
        }
        // A fresh run prefills at least one token (BOS); resuming with empty input prefills nothing.
        var tokens = system + (s.IsResume ? s.Request.InputTokens : Math.Max(1, s.Request.InputTokens));
        if (slot.Kv + tokens > maxContextLen)
        {
            if (system > 0) slot.Clear();
            return $"the input needs {tokens} KV positions but batch {slot.Index} holds {slot.Kv} of max_context_len {maxContextLen}";
        }
        s.PrefillRemaining = s.PrefillTotal = tokens;
        s.Phase = tokens > 0 ? SimPhase.Prefilling
            : s.Request.Mode == RkllmInferMode.Generate ? SimPhase.Decoding : SimPhase.OutputReady;
        return null;
    }
}
