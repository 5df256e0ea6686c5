using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Nano.Actors.Configuration;
using Nano.Actors.Diagnostics;
using Nano.Actors.Handles.Internal;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Handles;

/// <summary>
/// Owns one RKLLM handle, exclusively, on its own pinned thread: rkllm_init, every run and rkllm_destroy
/// happen there. Lifecycle: Loading → Ready (→ Busy while batched runs are in flight) → Draining → stopped.
/// With n_batch = 1 a run is the blocking rkllm_run: the mailbox is closed meanwhile, so cancel and timeout
/// reach the runtime through the request's <see cref="RunTicket"/>. With n_batch &gt; 1 runs start with
/// rkllm_run_async and their ends come back as messages.
/// </summary>
public sealed class HandleActor : ReceiveActor, IWithUnboundedStash
{
    private readonly HandleSetup _setup;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, BatchRun> _batchRuns = new();
    private readonly HandleTools _tools;
    private IRkllmHandle? _handle;
    private RunOrigin? _origin;

    public HandleActor(HandleSetup setup)
    {
        _setup = setup;
        _tools = new HandleTools(setup.Model.FunctionTools);
        Become(Loading);
    }

    public IStash Stash { get; set; } = null!;

    /// <summary>Handles always run on a pinned dispatcher (PoolSettings.HandleDispatcher, nano.handle-dispatcher).</summary>
    public static Props Props(HandleSetup setup, string dispatcher) =>
        Akka.Actor.Props.Create(() => new HandleActor(setup)).WithDispatcher(dispatcher);

    private int Id => _setup.HandleId;
    private ModelDefinition Model => _setup.Model;
    private IRkllmHandle Handle => _handle ?? throw new InvalidOperationException("handle not initialised");

    // Init is a message, not PreStart work: a failing rkllm_init is then reported to the pool with its
    // reason instead of surfacing as an ActorInitializationException.
    protected override void PreStart() => Self.Tell(Load.Instance);

    protected override void PostStop()
    {
        FailBatchRuns("the handle stopped");
        if (_handle is null)
            return;
        try
        {
            if (_batchRuns.Count > 0)
                _handle.Abort();
            _handle.Dispose();
        }
        catch (Exception ex)
        {
            _log.Warning(ex, "rkllm_destroy of handle {HandleId} (model {ModelId}) failed", Id, Model.Name);
        }
    }

    private void Loading()
    {
        Receive<Load>(_ => OnLoad());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Receive<RunRequest>(OnRun);
        Receive<HandleCommand>(OnCommand);
        Receive<DrainHandle>(_ => Context.Stop(Self));
        // A cancel that raced the end of its batched run: nothing left to do.
        Receive<BatchRunCancelled>(_ => { });
    }

    /// <summary>n_batch &gt; 1 only: runs in flight; commands wait until the batch is empty.</summary>
    private void Busy()
    {
        // A run needing other function tools waits for an empty batch: the tools belong to the whole handle.
        Receive<RunRequest>(run => _tools.Fits(run.Request.FunctionTools), StartBatchRun);
        Receive<RunRequest>(_ => Stash.Stash());
        Receive<BatchRunEnded>(ended => EndBatchRun(ended, whenEmpty: () =>
        {
            Become(Ready);
            Stash.UnstashAll();
        }));
        Receive<BatchRunCancelled>(OnBatchRunCancelled);
        Receive<DrainHandle>(_ =>
        {
            Become(Draining);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>Unloading while batched runs finish; nothing new starts.</summary>
    private void Draining()
    {
        Receive<BatchRunEnded>(ended => EndBatchRun(ended, whenEmpty: () => Context.Stop(Self)));
        Receive<BatchRunCancelled>(OnBatchRunCancelled);
        Receive<RunRequest>(run =>
        {
            End(run, new Failed(run.Request.RequestId, NanoErrorCode.Internal, "the handle is unloading", Retriable: true), TimeSpan.Zero);
        });
        Receive<HandleCommand>(_ => Sender.Tell(new HandleCommandDone(Id, false, "the handle is unloading")));
        ReceiveAny(_ => { });
    }

    private void OnLoad()
    {
        try
        {
            var runtime = _setup.Runtimes(Model.Runtime);
            var parameters = RunParameters.ForModel(Model, _setup.DomainId, runtime.CreateDefaultParams(Model.Path));
            _handle = runtime.Init(parameters);
            CommandApplier.ApplyModelExtras(_handle, Model);
        }
        catch (Exception ex)
        {
            Fault($"init failed: {ex.Message}");
            return;
        }

        var info = _handle.Info;
        _origin = new RunOrigin(_setup.NodeName, Model.Name, Id, info.ToString(), info.IsSimulated);
        _log.Info("Handle {HandleId} of model {ModelId} ready on domain {DomainId}: {Runtime}", Id, Model.Name, _setup.DomainId, info);
        Context.Parent.Tell(new HandleReady(Id, info));
        Become(Ready);
        Stash.UnstashAll();
    }

    private void OnRun(RunRequest run)
    {
        if (Model.NBatch > 1)
        {
            StartBatchRun(run);
            if (_batchRuns.Count > 0)
                Become(Busy);
        }
        else
        {
            RunBlocking(run);
        }
    }

    private void RunBlocking(RunRequest run)
    {
        if (run.Ticket.IsCancelled)
        {
            End(run, run.Ticket.ToFailed(), TimeSpan.Zero);
            return;
        }
        if (!PrepareTools(run))
            return;

        var handle = Handle;
        var sink = new RunSink(run, onEnd: null, abortRuntime: handle.Abort);
        _log.Debug("Run {RequestId} of model {ModelId} starts on handle {HandleId}", run.Request.RequestId, Model.Name, Id);
        try
        {
            if (run.ClearHistoryFirst)
                handle.ClearKvCache(keepSystemPrompt: true);
            // Cancel and timeout abort the blocking run from the canceller's thread (Abort is thread-safe).
            // Disposing the registration waits for an abort in progress, so it cannot reach the next run.
            using var abort = run.Ticket.Token.Register(static h => ((IRkllmHandle)h!).Abort(), handle);
            handle.Run(run.Request.Input, RunParameters.ForRun(Model, run.Request, run.KeepHistory), sink);
        }
        catch (RkllmException ex)
        {
            // The runtime refused this run; the handle itself is still usable.
            End(run, new Failed(run.Request.RequestId, NanoErrorCode.RuntimeFault, ex.Message, Retriable: true),
                Stopwatch.GetElapsedTime(sink.StartedAt));
            return;
        }
        catch (Exception ex)
        {
            Fault(ex.Message, failing: run);
            return;
        }
        finally
        {
            sink.Close();
        }

        End(run, sink.Final(_origin!, RunParameters.MaxNewTokens(Model, run.Request)), Stopwatch.GetElapsedTime(sink.StartedAt));
    }

    private void StartBatchRun(RunRequest run)
    {
        if (run.Ticket.IsCancelled)
        {
            End(run, run.Ticket.ToFailed(), TimeSpan.Zero);
            return;
        }
        if (!PrepareTools(run))
            return;

        var self = Self;
        var sink = new RunSink(run, onEnd: s => self.Tell(new BatchRunEnded(s.RequestId)), abortRuntime: null);
        try
        {
            // rkllm refuses to clear the KV cache while any run of the handle is active: only an idle batch is cleared.
            if (run.ClearHistoryFirst && _batchRuns.Count == 0)
                Handle.ClearKvCache(keepSystemPrompt: true);
            Handle.RunAsync(run.Request.Input, RunParameters.ForRun(Model, run.Request, run.KeepHistory), sink);
        }
        catch (RkllmException ex)
        {
            End(run, new Failed(run.Request.RequestId, NanoErrorCode.RuntimeFault, ex.Message, Retriable: true), TimeSpan.Zero);
            return;
        }
        catch (Exception ex)
        {
            Fault(ex.Message, failing: run);
            return;
        }

        // Registered after the start: an already-cancelled token calls back at once, which only posts a message.
        var requestId = run.Request.RequestId;
        var registration = run.Ticket.Token.Register(() => self.Tell(new BatchRunCancelled(requestId)));
        _batchRuns[requestId] = new BatchRun(sink, registration);
        _log.Debug("Run {RequestId} of model {ModelId} joins the batch of handle {HandleId} ({Active}/{NBatch})",
            requestId, Model.Name, Id, _batchRuns.Count, Model.NBatch);
    }

    /// <summary>Gives the handle the run's function tools: refused tools fail the run, a runtime fault the handle.</summary>
    private bool PrepareTools(RunRequest run)
    {
        try
        {
            _tools.Prepare(Handle, run.Request.FunctionTools);
            return true;
        }
        catch (RkllmException ex)
        {
            End(run, new Failed(run.Request.RequestId, NanoErrorCode.BadRequest, $"could not set the function tools: {ex.Message}", Retriable: false),
                TimeSpan.Zero);
        }
        catch (Exception ex)
        {
            Fault(ex.Message, failing: run);
        }
        return false;
    }

    private void EndBatchRun(BatchRunEnded ended, Action whenEmpty)
    {
        if (!_batchRuns.Remove(ended.RequestId, out var run))
            return;
        run.Registration.Dispose();
        if (run.Sink.Error is not null && HandleFault() is { } fault)
        {
            // An async run ends with an ERROR result when its isolated child dies: fault now, not at the next request.
            Fault(fault, failing: run.Sink.Run);
            return;
        }
        End(run.Sink.Run, run.Sink.Final(_origin!, RunParameters.MaxNewTokens(Model, run.Sink.Run.Request)),
            Stopwatch.GetElapsedTime(run.Sink.StartedAt));
        if (_batchRuns.Count == 0)
            whenEmpty();
    }

    /// <summary>After a run ended in error: whether the handle itself is gone (a faulted runtime throws on any call).</summary>
    private string? HandleFault()
    {
        try
        {
            _ = Handle.IsRunning;
            return null;
        }
        catch (RuntimeFaultException ex)
        {
            return ex.Message;
        }
        catch (RkllmException)
        {
            return null;
        }
    }

    /// <summary>
    /// rkllm_abort stops the whole batch, so one cancelled stream only stops flowing (its sink drops tokens)
    /// and is answered now; the runtime is aborted once every run of the batch is cancelled.
    /// </summary>
    private void OnBatchRunCancelled(BatchRunCancelled cancelled)
    {
        if (!_batchRuns.TryGetValue(cancelled.RequestId, out var run))
            return;
        run.Sink.Detach();
        Answer(run.Sink.Run, run.Sink.Run.Ticket.ToFailed());
        if (_batchRuns.Values.All(r => r.Sink.Run.Ticket.IsCancelled))
            Handle.Abort();
    }

    private void OnCommand(HandleCommand command)
    {
        try
        {
            var done = CommandApplier.Apply(Handle, Id, Model, command.Command);
            if (done.Ok && command.Command is SetFunctionTools f)
                _tools.Stand(new FunctionToolsDefinition(f.SystemPrompt, f.ToolsJson, f.ToolResponseStr));
            Sender.Tell(done);
        }
        catch (Exception ex)
        {
            Sender.Tell(new HandleCommandDone(Id, false, ex.Message));
            Fault(ex.Message);
        }
    }

    /// <summary>
    /// Ends a run: first tells the pool the handle is free, then answers. In that order a requester reacting to
    /// its answer (sending the next request) always finds the pool already knowing this handle is idle.
    /// </summary>
    private void End(RunRequest run, IWithRequestId final, TimeSpan serviceTime)
    {
        Finished(run, serviceTime);
        Answer(run, final);
    }

    private void Answer(RunRequest run, IWithRequestId final)
    {
        if (!run.Ticket.TryFinish())
            return;
        run.Request.ReplyTo.Tell(final);
        NanoActorMetrics.RecordFinal(_setup.NodeName, Model.Name, final, run.Ticket.AcceptedAt);
        _log.Debug("Run {RequestId} of model {ModelId} on handle {HandleId} answered {Outcome}",
            run.Request.RequestId, Model.Name, Id, final.GetType().Name);
    }

    private void Finished(RunRequest run, TimeSpan serviceTime) =>
        Context.Parent.Tell(new RunFinished(Id, run.Request.RequestId, serviceTime));

    /// <summary>
    /// The pool hears of the fault before any requester does: a request sent in reaction to a failure answer then
    /// finds the handle already out of service (queued for the restart) instead of being routed to the dying handle.
    /// </summary>
    private void Fault(string reason, RunRequest? failing = null)
    {
        _log.Error("Handle {HandleId} of model {ModelId} faulted: {Reason}", Id, Model.Name, reason);
        Context.Parent.Tell(new HandleFaulted(Id, reason));
        if (failing is not null)
            Answer(failing, new Failed(failing.Request.RequestId, NanoErrorCode.RuntimeFault, reason, Retriable: true));
        FailBatchRuns(reason);
        Context.Stop(Self);
    }

    private void FailBatchRuns(string reason)
    {
        foreach (var run in _batchRuns.Values)
        {
            run.Registration.Dispose();
            run.Sink.Detach();
            Answer(run.Sink.Run, new Failed(run.Sink.RequestId, NanoErrorCode.RuntimeFault, reason, Retriable: true));
        }
        _batchRuns.Clear();
    }

    private sealed record Load
    {
        public static readonly Load Instance = new();
    }

    private sealed record BatchRunEnded(string RequestId);

    private sealed record BatchRunCancelled(string RequestId);

    private sealed record BatchRun(RunSink Sink, CancellationTokenRegistration Registration);
}
