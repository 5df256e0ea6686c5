using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// The per-handle part of the simulated NPU: n_batch slots with their KV caches, the runs in them, and a worker
/// thread that executes prefill chunks and decode steps on the board's shared NPU and makes every callback.
/// API methods run on callers' threads and only touch state under <see cref="gate"/>.
/// </summary>
internal sealed partial class SimEngine : IDisposable
{
    private readonly object gate = new();
    private readonly SimulatedBoard board;
    private readonly SimProfile profile;
    private readonly int maxContextLen;
    private readonly SimSlot[] slots;
    private readonly List<SimSequence> sequences = []; // admission order: prefill is first come, first served
    private readonly ILogger logger;
    private readonly Thread worker;
    private CancellationTokenSource interrupt = new();
    private int systemTokens;
    private int systemVersion;
    private int cachedPrefixTokens;
    private bool disposed;

    public SimEngine(SimulatedBoard board, SimProfile profile, int nBatch, int maxContextLen, string name, ILogger logger)
    {
        this.board = board;
        this.profile = profile;
        this.maxContextLen = maxContextLen;
        this.logger = logger;
        slots = Enumerable.Range(0, nBatch).Select(i => new SimSlot(i)).ToArray();
        worker = new Thread(Loop) { IsBackground = true, Name = name };
        worker.Start();
    }

    public bool IsWorkerThread => Thread.CurrentThread == worker;

    public bool IsRunning { get { lock (gate) return sequences.Any(s => s.Phase != SimPhase.Paused); } }

    public int[] KvCacheSizes() { lock (gate) return slots.Select(s => s.Kv).ToArray(); }

    /// <summary>Starts a run in a free slot, or resumes the paused run (rkllm semantics: the next run continues it).</summary>
    public void Submit(SimRunRequest request, IRkllmResultSink sink, SimRunCall? call, string function)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var paused = sequences.FirstOrDefault(s => s.Phase == SimPhase.Paused && !s.AbortRequested);
            if (paused is not null)
            {
                if (request.Mode != RkllmInferMode.Generate)
                    throw new RkllmException(function, -1, $"a paused generation can only be resumed in generate mode, not {request.Mode}");
                paused.Resume(request, sink, call);
            }
            else
            {
                var slot = slots.FirstOrDefault(s => s.Sequence is null)
                    ?? throw new RkllmException(function, -1, $"all {slots.Length} batch slot(s) are busy (n_batch = {slots.Length})");
                var sequence = new SimSequence(slot, request, sink, call);
                slot.Sequence = sequence;
                sequences.Add(sequence);
            }
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Stops every run of the handle (paused ones too) before its next token; each ends with Finish and perf.</summary>
    public void Abort()
    {
        lock (gate)
        {
            if (sequences.Count == 0) return;
            foreach (var s in sequences) s.AbortRequested = true;
            interrupt.Cancel();
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The system prompt (chat template, function tools) changed: fresh conversations prefill the new one.</summary>
    public void SetSystemPrompt(int tokens)
    {
        lock (gate)
        {
            systemTokens = tokens;
            systemVersion++;
        }
    }

    /// <summary>A loaded prompt cache stands in for the system prompt of fresh conversations, without prefill cost.</summary>
    public void SetPromptCache(int tokens)
    {
        lock (gate)
        {
            cachedPrefixTokens = tokens;
            systemVersion++;
        }
    }

    public void ClearKvCache(bool keepSystemPrompt, int[]? startPos, int[]? endPos)
    {
        const string fn = "rkllm_clear_kv_cache";
        lock (gate)
        {
            if ((startPos is null) != (endPos is null)) throw new RkllmException(fn, -1, "start_pos and end_pos must be given together");
            if (startPos is null || endPos is null)
            {
                if (sequences.Any(s => s.Phase != SimPhase.Paused)) throw new RkllmException(fn, -1, "a run is in progress");
                foreach (var slot in slots)
                {
                    if (keepSystemPrompt) slot.DropHistory();
                    else slot.Clear();
                }
                return;
            }
            if (startPos.Length != slots.Length || endPos.Length != slots.Length)
                throw new RkllmException(fn, -1, $"start_pos and end_pos need one entry per batch ({slots.Length})");
            if (!sequences.Any(s => s.Phase == SimPhase.Paused && !s.Request.KeepHistory))
                throw new RkllmException(fn, -1, "ranges are honoured only while a run is paused with keep_history = 0");
            for (var i = 0; i < slots.Length; i++)
                if (startPos[i] < endPos[i] && (startPos[i] < 0 || endPos[i] > slots[i].Kv))
                    throw new RkllmException(fn, -1, $"range [{startPos[i]}, {endPos[i]}) is outside batch {i}'s cache of {slots[i].Kv}");
            for (var i = 0; i < slots.Length; i++)
            {
                if (startPos[i] >= endPos[i]) continue;
                slots[i].Kv -= endPos[i] - startPos[i];
                slots[i].SystemKv = Math.Min(slots[i].SystemKv, startPos[i]);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            foreach (var s in sequences) s.AbortRequested = true;
            interrupt.Cancel();
            Monitor.PulseAll(gate);
        }
        // Blocked Run callers are released by the worker finishing their runs; a sink that never returns is not waited for forever.
        if (!IsWorkerThread && !worker.Join(TimeSpan.FromSeconds(10)))
            SimLog.WorkerDidNotStop(logger, worker.Name ?? "sim worker");
    }
}
