namespace Nano.Runtime.Sim.Internal;

internal enum SimPhase
{
    /// <summary>Submitted; the worker has not checked it against the KV cache yet.</summary>
    Pending,
    Prefilling,
    Decoding,
    /// <summary>Hidden-layer or logits mode: prefill done, the tensor callback is due.</summary>
    OutputReady,
    /// <summary>The sink returned Pause; the next run on the handle resumes it.</summary>
    Paused,
}

/// <summary>One logical run in a batch slot, from its first rkllm_run to Finish (across pauses). Guarded by the engine's lock.</summary>
internal sealed class SimSequence(SimSlot slot, SimRunRequest request, IRkllmResultSink sink, SimRunCall? call)
{
    public SimSlot Slot { get; } = slot;
    public SimRunRequest Request { get; private set; } = request;
    public IRkllmResultSink Sink { get; private set; } = sink;
    public SimRunCall? Call { get; set; } = call;
    public SimPhase Phase { get; set; } = SimPhase.Pending;
    public bool IsResume { get; private set; }
    private readonly SimTextStream lorem = new(request.InputHash);
    private readonly IReadOnlyList<string>? script = request.Script;
    private int scripted;

    /// <summary>Fixed by the first call; a resumed run generates the remainder.</summary>
    public int MaxNewTokens { get; } = request.MaxNewTokens;
    public int Generated { get; set; }
    public int PrefillRemaining { get; set; }
    public int PrefillTotal { get; set; }

    // Perf, in simulated ms, accumulated over the whole logical run.
    public double PrefillMs { get; set; }
    public double GenerateMs { get; set; }
    public int PrefillTokens { get; set; }

    public bool AbortRequested { get; set; }
    public string? Failure { get; set; }

    /// <summary>max_new_tokens reached, or the end of a scripted output (the simulated EOS).</summary>
    public bool IsDone => MaxNewTokens > 0 && Generated >= MaxNewTokens || script is not null && scripted >= script.Count;

    /// <summary>The next token of the output, fixed by the first call like <see cref="MaxNewTokens"/>.</summary>
    public SimToken NextToken()
    {
        if (script is not null) return new SimToken(SimText.ScriptedId, script[scripted++]);
        var id = lorem.Next();
        return new SimToken(id, SimText.TokenText(id));
    }

    public void Resume(SimRunRequest next, IRkllmResultSink nextSink, SimRunCall? nextCall)
    {
        Request = next;
        Sink = nextSink;
        Call = nextCall;
        IsResume = true;
        Phase = SimPhase.Pending;
    }

    public RkllmPerfStats Perf(double memoryMb) =>
        new((float)PrefillMs, PrefillTokens, (float)GenerateMs, Generated, (float)memoryMb);
}
