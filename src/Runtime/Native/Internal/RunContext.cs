using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// One run: the sink, the native input memory (alive until the runtime is done with it) and the GCHandle whose
/// pointer is the run's userdata. A sync run is released when rkllm_run returns; an async run at its Finish/Error
/// callback. A run that paused is parked instead and released when the run that resumes it ends. A sink that
/// throws is remembered, never lets the exception reach native code, gets no further callbacks, and the run is
/// aborted from a pool thread.
/// </summary>
internal sealed class RunContext
{
    private readonly HandleState _owner;
    private readonly NativeAllocations _memory;
    private readonly List<RunContext> _inherited;
    private GCHandle _self;
    private int _stopped;
    private int _released;

    public RunContext(HandleState owner, IRkllmResultSink sink, NativeAllocations memory, nint input, nint infer, bool isAsync, List<RunContext> inherited)
    {
        _owner = owner;
        Sink = sink;
        _memory = memory;
        Input = input;
        Infer = infer;
        IsAsync = isAsync;
        _inherited = inherited;
        _self = GCHandle.Alloc(this);
    }

    public IRkllmResultSink Sink { get; }
    public nint Input { get; }
    public nint Infer { get; }
    public bool IsAsync { get; }
    public nint UserData => GCHandle.ToIntPtr(_self);
    public Exception? SinkFault { get; private set; }
    public bool IsStopped => Volatile.Read(ref _stopped) == 1;

    /// <summary>The sink answered Pause: the runtime keeps the sequence for the next run.</summary>
    public bool Paused { get; private set; }

    /// <summary>At least one callback arrived, so the runtime did start this run.</summary>
    public bool Started { get; private set; }

    /// <summary>The Finish/Error callback arrived (a Pause the runtime did not honour ends this way too).</summary>
    public bool Ended { get; private set; }

    /// <summary>Handles one callback on the runtime's thread and returns the int for the runtime.</summary>
    public int OnCallback(RkllmResult result)
    {
        Started = true;
        if (result.State is RkllmCallState.Finish or RkllmCallState.Error)
        {
            Ended = true;
            // Not running, and an async run's memory already freed, by the time the sink hears of the end
            // (the runtime reads no input after its final callback; this object stays reachable through the stack).
            Stop();
            if (IsAsync) Release();
            if (SinkFault is null)
                Deliver(result);
            else if (IsAsync) // nobody awaits an async run's return: end its stream with an Error the consumer sees
                Deliver(new RkllmResult(RkllmCallState.Error, $"result sink failed: {SinkFault.Message}", -1));
            return 0;
        }

        var action = SinkFault is null ? Deliver(result) : RkllmCallbackAction.Continue;
        if (action == RkllmCallbackAction.Pause)
        {
            Paused = true;
            Stop();
            if (IsAsync) _owner.Park(this);
        }
        return _owner.Marshaller.ActionCode(action);
    }

    private RkllmCallbackAction Deliver(RkllmResult result)
    {
        try
        {
            return Sink.OnResult(result);
        }
        catch (Exception e)
        {
            if (SinkFault is not null) return RkllmCallbackAction.Continue;
            SinkFault = e;
            _owner.Logger.LogError(e, "rkllm result sink threw on a {State} callback; aborting the run", result.State);
            if (result.State is not (RkllmCallState.Finish or RkllmCallState.Error))
            {
                ThreadPool.UnsafeQueueUserWorkItem(static c => c.AbortIfStillRunning(), this, preferLocal: false);
            }
            return RkllmCallbackAction.Continue;
        }
    }

    private void AbortIfStillRunning()
    {
        if (IsStopped) return;
        try
        {
            _owner.AbortRequested?.Invoke();
        }
        catch (Exception e)
        {
            _owner.Logger.LogWarning(e, "rkllm_abort after a sink failure failed");
        }
    }

    /// <summary>Marks the run as no longer running (once).</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0) _owner.Stopped();
    }

    /// <summary>Frees the userdata handle and the input memory (once); also frees paused runs this one resumed.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        Stop();
        _owner.Forget(this);
        _self.Free();
        _memory.Dispose();
        foreach (var paused in _inherited) paused.Release();
    }

    /// <summary>For a run the runtime refused: frees it but hands the paused runs it inherited back for the next one.</summary>
    public void ReleaseNotStarted()
    {
        _owner.Park(_inherited);
        _inherited.Clear();
        Release();
    }

    public void ThrowIfSinkFailed()
    {
        if (SinkFault is { } fault) ExceptionDispatchInfo.Capture(fault).Throw();
    }
}
