using System.Diagnostics;
using Akka.Actor;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Handles.Internal;

/// <summary>
/// Receives one run's callbacks on the runtime's thread and streams tokens straight to the requester
/// (IActorRef.Tell is thread-safe). It owns only per-run state: the handle actor reads it after the run
/// has ended (blocking Run returned, or the end message arrived), never while callbacks may still come.
/// </summary>
internal sealed class RunSink(RunRequest run, Action<RunSink>? onEnd, Action? abortRuntime) : IRkllmResultSink
{
    // Guards the token flow against Detach: once detached (answered early), no chunk may follow the answer.
    private readonly Lock _flow = new();
    private bool _detached;
    private int _chunks;
    private int _tokens;
    private long _firstTokenAt;
    private int _abortRequested;
    private List<float>? _vectors;

    public RunRequest Run { get; } = run;
    public string RequestId => Run.Request.RequestId;
    public long StartedAt { get; } = Stopwatch.GetTimestamp();
    public RkllmPerfStats? Perf { get; private set; }
    public string? Error { get; private set; }
    public bool Ended { get; private set; }
    public int VectorWidth { get; private set; }

    public RkllmCallbackAction OnResult(RkllmResult result)
    {
        if (Run.Ticket.IsCancelled && result.State is RkllmCallState.Normal or RkllmCallState.Waiting)
        {
            // Cancelled after the abort registration ran but before the runtime started: abort again,
            // off the callback thread, and stop the flow to the requester at once.
            if (abortRuntime is not null && Interlocked.Exchange(ref _abortRequested, 1) == 0)
                ThreadPool.QueueUserWorkItem(static abort => abort(), abortRuntime, preferLocal: false);
            return RkllmCallbackAction.Continue;
        }

        switch (result.State)
        {
            case RkllmCallState.Normal:
                MarkToken();
                CopyVectors(result);
                if (!string.IsNullOrEmpty(result.Text))
                    Send(result);
                break;
            case RkllmCallState.Waiting:
                // An incomplete UTF-8 character: a token was generated but has no text yet.
                MarkToken();
                break;
            case RkllmCallState.Finish:
                Perf = result.Perf;
                End();
                break;
            case RkllmCallState.Error:
                Error = string.IsNullOrEmpty(result.Text) ? "the runtime reported an error for this run" : result.Text;
                End();
                break;
        }
        return RkllmCallbackAction.Continue;
    }

    /// <summary>
    /// Stops the token flow for good. Called on the actor's thread before it answers a batched run early
    /// (cancelled while the runtime still computes it), so no chunk can overtake the final answer.
    /// </summary>
    public void Detach()
    {
        lock (_flow)
            _detached = true;
    }

    /// <summary>The one final answer for this run (the caller still has to win <see cref="RunTicket.TryFinish"/>).</summary>
    public IWithRequestId Final(RunOrigin origin, int maxNewTokens)
    {
        var ticket = Run.Ticket;
        if (ticket.IsCancelled)
            return ticket.ToFailed();
        if (Error is not null)
            return new Failed(RequestId, NanoErrorCode.RuntimeFault, Error, Retriable: true);

        var completion = Perf is { GenerateTokens: > 0 } perf ? perf.GenerateTokens : _tokens;
        var usage = new Usage(Perf?.PrefillTokens ?? 0, completion);
        var reason = maxNewTokens > 0 && completion >= maxNewTokens ? FinishReason.Length : FinishReason.Stop;
        return new Completed(RequestId, reason, usage, Perf, origin)
        {
            Vectors = _vectors?.ToArray(),
            VectorWidth = VectorWidth,
            QueueWaitMs = ticket.MillisecondsSince(StartedAt),
            TimeToFirstTokenMs = _firstTokenAt == 0 ? 0 : ticket.MillisecondsSince(_firstTokenAt),
        };
    }

    private void Send(RkllmResult result)
    {
        lock (_flow)
        {
            if (!_detached)
                Run.Request.ReplyTo.Tell(new TokenChunk(RequestId, _chunks++, result.Text!, result.TokenId));
        }
    }

    private void MarkToken()
    {
        _tokens++;
        if (_firstTokenAt == 0)
            _firstTokenAt = Stopwatch.GetTimestamp();
    }

    private void CopyVectors(RkllmResult result)
    {
        if (result.HiddenLayer is { } hidden)
        {
            (_vectors ??= []).AddRange(hidden.HiddenStates);
            VectorWidth = hidden.EmbdSize;
        }
        else if (result.Logits is { } logits)
        {
            (_vectors ??= []).AddRange(logits.Values);
            VectorWidth = logits.VocabSize;
        }
    }

    private void End()
    {
        if (Ended)
            return;
        Ended = true;
        onEnd?.Invoke(this);
    }
}
