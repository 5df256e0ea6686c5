using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>Runs over the channel: the token path, the per-callback reply, and the hang watchdog.</summary>
internal sealed partial class HostChannel
{
    private long lastProgress;
    private int callbacksInParent;
    private int checkingHang;

    /// <summary>rkllm_run: streams the child's callbacks to the sink on this thread until the run's reply.</summary>
    public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        var run = Register(sink, sync: true);
        Send(MessageType.Run, run.Id, w => w.Input(input).InferParams(parameters));
        Pump(run);
    }

    /// <summary>rkllm_run_async: returns once the child has started the run; a thread of its own feeds the sink.</summary>
    public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        var run = Register(sink, sync: false);
        var call = new PendingCall(MessageType.RunAsync);
        calls[run.Id] = call;
        try
        {
            Send(MessageType.RunAsync, run.Id, w => w.Input(input).InferParams(parameters));
            if (!call.TryWait(options.CallTimeout, out _))
                throw Faulted(new RuntimeFaultException(RuntimeFaultKind.Hung,
                    $"child pid {child.Pid} did not start rkllm_run_async within {options.CallTimeout.TotalSeconds:0.#}s (killed)"), kill: true);
        }
        catch
        {
            Retire(run);
            throw;
        }
        finally { calls.TryRemove(run.Id, out _); }
        new Thread(() => Pump(run)) { IsBackground = true, Name = $"handle-host run {child.Pid}/{run.Id}" }.Start();
    }

    private RunState Register(IRkllmResultSink sink, bool sync)
    {
        ThrowIfFaulted();
        var run = new RunState(Interlocked.Increment(ref nextId), sink, sync);
        runs[run.Id] = run;
        MarkProgress();
        if (fault is { } f)
        {
            Retire(run);
            throw f;
        }
        return run;
    }

    private void OnResult(int runId, int callbackId, RkllmResult result)
    {
        if (runs.TryGetValue(runId, out var run))
        {
            Interlocked.Increment(ref callbacksInParent);
            run.Post(new RunState.Event(RunState.EventKind.Callback, callbackId, result));
        }
        else
        {
            // A callback of a run this side already gave up on: stop it rather than leave the child parked.
            Reply(callbackId, RkllmCallbackAction.Pause, counted: false);
        }
    }

    /// <summary>
    /// Delivers a run's events to its sink. A throwing sink pauses the run and its exception is rethrown at the
    /// end; a fault gives the sink an Error result, then ends the run with the fault.
    /// </summary>
    private void Pump(RunState run)
    {
        Exception? sinkError = null;
        foreach (var e in run.Events)
        {
            switch (e.Kind)
            {
                case RunState.EventKind.Callback:
                    var action = RkllmCallbackAction.Pause;
                    if (sinkError is null)
                    {
                        try { action = run.Sink.OnResult(e.Result!); }
                        catch (Exception ex) { sinkError = ex; }
                    }
                    Reply(e.CallbackId, action, counted: true);
                    if (!run.Sync && (action == RkllmCallbackAction.Pause || e.Result!.State is RkllmCallState.Finish or RkllmCallState.Error))
                    {
                        Retire(run);
                        return;
                    }
                    break;
                case RunState.EventKind.Done:
                    Retire(run);
                    if (e.Error is not null) throw e.Error;
                    if (sinkError is not null) throw sinkError;
                    return;
                case RunState.EventKind.Fault:
                    Retire(run);
                    try { run.Sink.OnResult(new RkllmResult(RkllmCallState.Error, null, -1)); }
                    catch (Exception ex) { logger.LogWarning("sink failed on the fault's Error result: {Message}", ex.Message); }
                    if (run.Sync) throw e.Error!;
                    return;
            }
        }
    }

    private void Retire(RunState run)
    {
        runs.TryRemove(run.Id, out _);
        run.Close();
    }

    private void Reply(int callbackId, RkllmCallbackAction action, bool counted)
    {
        try { connection.Send(FrameWriter.Start(MessageType.CallbackReply).Int32(callbackId).Byte((byte)action)); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { } // the reader reports why
        if (counted) Interlocked.Decrement(ref callbacksInParent);
        MarkProgress();
    }

    private void MarkProgress() => Volatile.Write(ref lastProgress, Stopwatch.GetTimestamp());

    /// <summary>
    /// A run is active, no callback is waiting on this side's sink, and the child has said nothing for
    /// HangTimeout: it is hung. Async runs may end without a final callback (abort), so those are first asked
    /// whether they still run.
    /// </summary>
    private void CheckHang()
    {
        if (fault is not null || closing || runs.IsEmpty || Volatile.Read(ref callbacksInParent) > 0) return;
        var idle = Stopwatch.GetElapsedTime(Volatile.Read(ref lastProgress));
        if (idle < options.HangTimeout || Interlocked.Exchange(ref checkingHang, 1) == 1) return;
        try
        {
            if (runs.Values.All(r => !r.Sync) && !ChildStillRuns()) return;
            Faulted(new RuntimeFaultException(RuntimeFaultKind.Hung,
                $"child pid {child.Pid} made no progress for {idle.TotalSeconds:0.#}s during a run (HangTimeout {options.HangTimeout.TotalSeconds:0.#}s; killed)"), kill: true);
        }
        catch (RuntimeFaultException) { }
        finally { Volatile.Write(ref checkingHang, 0); }
    }

    private bool ChildStillRuns()
    {
        var running = new FrameReader(Call(MessageType.IsRunning)).Bool();
        if (running) return true;
        logger.LogWarning("child pid {Pid}: async run ended without a final callback; closing it", child.Pid);
        foreach (var run in runs.Values.Where(r => !r.Sync)) Retire(run);
        return false;
    }
}
