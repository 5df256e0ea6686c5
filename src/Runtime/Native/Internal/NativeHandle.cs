using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// An LLMHandle from rkllm_init. Runs marshal their input into unmanaged memory owned by a <see cref="RunContext"/>;
/// settings the runtime may keep pointers to (LoRA, templates, cross-attn) stay allocated until replaced or Dispose.
/// Dispose aborts a running run, waits for calls in flight, calls rkllm_destroy once, then frees everything.
/// </summary>
internal sealed unsafe partial class NativeHandle : IRkllmHandle
{
    private readonly RkllmLibrary _library;
    private readonly nint _handle;
    private readonly HandleState _state;
    private GCHandle _stateHandle;
    private readonly NativeAllocations _initMemory;
    private readonly int _batches;
    private readonly string _model;
    private readonly ILogger _logger;
    private readonly HandleGuard _guard = new();

    public NativeHandle(RkllmLibrary library, nint handle, RuntimeInfo info, HandleState state, GCHandle stateHandle,
        NativeAllocations initMemory, int batches, string model, ILogger logger)
    {
        _library = library;
        _handle = handle;
        Info = info;
        _state = state;
        _stateHandle = stateHandle;
        _initMemory = initMemory;
        _batches = batches;
        _model = model;
        _logger = logger;
        state.AbortRequested = Abort;
    }

    public RuntimeInfo Info { get; }

    /// <summary>Runs whose input memory and userdata are still held; for leak checks.</summary>
    internal int LiveRuns => _state.LiveCount;

    public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        using var scope = _guard.Enter();
        var run = Start(input, parameters, sink, isAsync: false);
        var status = -1;
        try
        {
            status = _library.Run(_handle, run.Input, run.Infer, run.UserData);
        }
        finally
        {
            // rkllm_run has returned: a finished or aborted run is over; a paused one stays until its resumption ends.
            if (run.Paused && !run.Ended) _state.Park(run);
            else if (status != 0 && !run.Started) run.ReleaseNotStarted();
            else run.Release();
        }
        run.ThrowIfSinkFailed();
        Check("rkllm_run", status);
    }

    public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        using var scope = _guard.Enter();
        var run = Start(input, parameters, sink, isAsync: true);
        int status;
        try
        {
            status = _library.RunAsync(_handle, run.Input, run.Infer, run.UserData);
        }
        catch
        {
            run.ReleaseNotStarted();
            throw;
        }
        // On success the run owns itself from here: its Finish/Error callback releases it (maybe already has).
        if (status != 0)
        {
            run.ReleaseNotStarted();
            Check("rkllm_run_async", status);
        }
    }

    private RunContext Start(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink, bool isAsync)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(sink);
        var memory = new NativeAllocations();
        try
        {
            var nativeInput = _state.Marshaller.BuildInput(input, memory);
            var nativeInfer = _state.Marshaller.BuildInferParams(parameters, memory);
            return _state.Start(sink, memory, nativeInput, nativeInfer, isAsync);
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    public void Abort()
    {
        if (!_guard.TryEnter()) return;
        try
        {
            Check("rkllm_abort", _library.Abort(_handle));
        }
        finally
        {
            _guard.Exit();
        }
    }

    public bool IsRunning
    {
        get
        {
            if (!_guard.TryEnter()) return false;
            try
            {
                // v1.3 documents 1 = running; v1.2.x documents the opposite, so there only our own bookkeeping counts.
                return _state.AnyRunning || (_state.Marshaller.Abi == RkllmAbi.V1_3 && _library.IsRunning(_handle) == 1);
            }
            finally
            {
                _guard.Exit();
            }
        }
    }

    private void Check(string function, int status)
    {
        if (status != 0) throw new RkllmException(function, status, $"model {_model} on {_library.Path}");
    }

    public void Dispose()
    {
        if (NativeCallbacks.InResultCallback && !_guard.IsDisposed)
            throw new InvalidOperationException("an rkllm handle cannot be disposed from inside a result callback: rkllm_destroy waits for that very thread");
        if (!_guard.BeginDispose()) return;
        if (_state.AnyRunning) _library.Abort(_handle);
        _guard.WaitForUsers();
        var status = _library.Destroy(_handle);
        if (status != 0)
        {
            // The native handle may still be alive and call back: leak its memory rather than free it under it.
            _logger.LogError("rkllm_destroy of {Model} returned {Status}; its memory is left allocated", _model, status);
            return;
        }
        _state.ReleaseAll();
        ReleaseSettings();
        _initMemory.Dispose();
        _stateHandle.Free();
        _logger.LogInformation("rkllm handle for {Model} destroyed", _model);
    }
}
