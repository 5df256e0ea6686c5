using System.Diagnostics;
using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Actors.Handles;

/// <summary>Why a run's ticket was cancelled.</summary>
public enum RunCancelReason
{
    None,
    /// <summary>A <see cref="CancelRequest"/> arrived.</summary>
    Cancelled,
    /// <summary>The per-request timeout elapsed (measured from acceptance).</summary>
    Timeout,
    /// <summary>The pool or the node is shutting down.</summary>
    PoolStopped,
}

/// <summary>
/// One accepted request's cancellation and completion guard, shared by the pool and the handle.
/// A blocking rkllm_run keeps the handle's mailbox closed, so cancel and timeout cannot travel as messages:
/// the handle registers rkllm_abort on <see cref="Token"/> instead. <see cref="TryFinish"/> makes
/// "exactly one final answer" hold whichever side (pool, handle, runtime thread) answers first.
/// </summary>
public sealed class RunTicket : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private int _reason;
    private int _finished;
    private readonly IActorRef? _notify;
    private readonly object? _cancelled;

    /// <param name="notify">Told <paramref name="cancelled"/> when the ticket is cancelled (timeout or <see cref="Cancel"/>),
    /// from the cancelling thread: the pool learns that a request it still queues expired. One registration serves
    /// both this and the reason, instead of a closure and a second registration per request.</param>
    public RunTicket(string requestId, TimeSpan timeout, IActorRef? notify = null, object? cancelled = null)
    {
        RequestId = requestId;
        Timeout = timeout;
        AcceptedAt = Stopwatch.GetTimestamp();
        Token = _cts.Token;
        _notify = notify;
        _cancelled = cancelled;
        // Runs on whichever thread cancels; a reason set earlier by Cancel wins, the timer gets Timeout.
        Token.Register(static state => ((RunTicket)state!).OnCancelled(), this);
        _cts.CancelAfter(timeout);
    }

    public string RequestId { get; }
    public TimeSpan Timeout { get; }
    /// <summary>Stopwatch timestamp of acceptance: queue wait and TTFT are measured from here.</summary>
    public long AcceptedAt { get; }
    public CancellationToken Token { get; }
    public bool IsCancelled => Token.IsCancellationRequested;
    /// <summary>
    /// Cancel sets its reason before cancelling, so a cancelled ticket without one was cancelled by the timer
    /// whose registration (which records Timeout) has not run yet on the timer thread.
    /// </summary>
    public RunCancelReason Reason => (RunCancelReason)Volatile.Read(ref _reason) is var reason && reason == RunCancelReason.None && IsCancelled
        ? RunCancelReason.Timeout : reason;
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>
    /// Cancels the run. Callbacks (rkllm_abort) run on the thread pool, never on the caller, which is
    /// usually the pool actor and must not block on a runtime call.
    /// </summary>
    public void Cancel(RunCancelReason reason)
    {
        SetReason(reason);
        try
        {
            _ = _cts.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and released: nothing left to cancel.
        }
    }

    /// <summary>True exactly once: the caller owns the final answer.</summary>
    public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;

    /// <summary>The final answer for a cancelled ticket.</summary>
    public Failed ToFailed() => Reason switch
    {
        RunCancelReason.Timeout => new Failed(RequestId, NanoErrorCode.Timeout,
            $"request timed out after {Timeout.TotalMilliseconds:0} ms", Retriable: false),
        RunCancelReason.PoolStopped => new Failed(RequestId, NanoErrorCode.Internal, "the NPU pool stopped", Retriable: true),
        _ => new Failed(RequestId, NanoErrorCode.Cancelled, "request cancelled", Retriable: false),
    };

    public double MillisecondsSince(long timestamp) => Stopwatch.GetElapsedTime(AcceptedAt, timestamp).TotalMilliseconds;

    public void Dispose() => _cts.Dispose();

    private void SetReason(RunCancelReason reason) => Interlocked.CompareExchange(ref _reason, (int)reason, 0);

    private void OnCancelled()
    {
        SetReason(RunCancelReason.Timeout);
        if (_notify is { } notify && _cancelled is { } message)
            notify.Tell(message, ActorRefs.NoSender);
    }
}
