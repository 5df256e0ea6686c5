using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// The parent's end of one child connection. A reader thread routes replies to waiting calls and results to
/// runs; once the child is gone or judged hung, the channel is faulted for good and every pending and future
/// call throws that <see cref="RuntimeFaultException"/>.
/// </summary>
internal sealed partial class HostChannel : IDisposable
{
    private readonly FrameConnection connection;
    private readonly IChildLifetime child;
    private readonly IsolationOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, PendingCall> calls = new();
    private readonly ConcurrentDictionary<int, RunState> runs = new();
    private readonly TaskCompletionSource<int> hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim faulted = new();
    private readonly Lock faultLock = new();
    private readonly Timer watchdog;
    private int nextId;
    private volatile RuntimeFaultException? fault;
    private volatile bool closing;

    public HostChannel(Stream stream, IChildLifetime child, IsolationOptions options, ILogger logger)
    {
        connection = new FrameConnection(stream);
        this.child = child;
        this.options = options;
        this.logger = logger;
        lastProgress = Stopwatch.GetTimestamp();
        new Thread(ReadLoop) { IsBackground = true, Name = $"handle-host reader {child.Pid}" }.Start();
        // Call timeouts are waited out by their callers; the timer only watches runs.
        var period = TimeSpan.FromTicks(Math.Clamp(options.HangTimeout.Ticks / 4,
            TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        watchdog = new Timer(_ => CheckHang(), null, period, period);
        memoryWatch = StartMemoryWatch();
    }

    /// <summary>Waits for the child's Hello; returns its pid.</summary>
    public int AwaitHello(TimeSpan timeout)
    {
        if (Task.WaitAny([hello.Task], timeout) < 0)
            throw Faulted(new RuntimeFaultException(RuntimeFaultKind.Hung, $"child pid {child.Pid} did not greet within {timeout.TotalSeconds:0.#}s"), kill: true);
        return hello.Task.GetAwaiter().GetResult();
    }

    /// <summary>Sends a call and blocks for its reply body; the child's exception or the channel's fault is thrown.</summary>
    public byte[] Call(MessageType type, Func<FrameWriter, FrameWriter>? args = null, TimeSpan? timeout = null)
    {
        ThrowIfFaulted();
        var id = Interlocked.Increment(ref nextId);
        var call = new PendingCall(type);
        calls[id] = call;
        try
        {
            ThrowIfFaulted(); // a fault that swept the calls just before this one was registered
            Send(type, id, args);
            var limit = timeout ?? options.CallTimeout;
            if (call.TryWait(limit, out var reply)) return reply;
            throw Faulted(new RuntimeFaultException(RuntimeFaultKind.Hung,
                $"child pid {child.Pid} did not answer {Protocol.FunctionName(type)} within {limit.TotalSeconds:0.#}s (killed)"), kill: true);
        }
        finally { calls.TryRemove(id, out _); }
    }

    /// <summary>rkllm_init in the child (parameters as JSON: a one-off). The info is the child runtime's, marked isolated.</summary>
    public RuntimeInfo Init(RuntimeSpec spec, RkllmParams parameters, TimeSpan timeout)
    {
        var reply = Call(MessageType.Init,
            w => w.String(JsonConvert.SerializeObject(spec)).String(JsonConvert.SerializeObject(parameters)), timeout);
        var r = new FrameReader(reply);
        return r.ReadInfo() with { Isolated = true };
    }

    /// <summary>rkllm_createDefaultParam in the child, with the child runtime's info.</summary>
    public (RuntimeInfo Info, RkllmParams Params) DefaultParams(RuntimeSpec spec, string modelPath, TimeSpan timeout)
    {
        var reply = Call(MessageType.DefaultParams, w => w.String(JsonConvert.SerializeObject(spec)).String(modelPath), timeout);
        var r = new FrameReader(reply);
        var info = r.ReadInfo() with { Isolated = true };
        return (info, JsonConvert.DeserializeObject<RkllmParams>(r.RequiredString())!);
    }

    /// <summary>Orderly end: rkllm_destroy in the child, then wait for it to exit, killing it if it lingers.</summary>
    public void Close()
    {
        if (fault is null && !closing)
        {
            try
            {
                if (!runs.IsEmpty) Call(MessageType.Abort);
                closing = true;
                Call(MessageType.Dispose);
            }
            catch (RkllmException e) { logger.LogWarning("child pid {Pid}: {Message}", child.Pid, e.Message); }
            catch (RuntimeFaultException) { }
        }
        closing = true;
        if (child.WaitForExit(options.ExitTimeout) is null)
        {
            logger.LogWarning("child pid {Pid} did not exit within {Timeout}; killing it", child.Pid, options.ExitTimeout);
            child.Kill();
        }
        Dispose();
    }

    public void Dispose()
    {
        closing = true;
        watchdog.Dispose();
        memoryWatch?.Dispose();
        connection.Dispose();
        child.Dispose();
    }

    /// <summary>Faults the channel (first fault wins), fails every call and run, optionally kills the child.</summary>
    public RuntimeFaultException Faulted(RuntimeFaultException e, bool kill)
    {
        lock (faultLock)
        {
            if (fault is not null) return fault;
            fault = e;
        }
        if (!closing) logger.LogError("isolated handle faulted: {Message}", e.Message);
        if (kill) child.Kill();
        faulted.Set();
        foreach (var id in calls.Keys)
            if (calls.TryRemove(id, out var call)) call.Fail(e);
        foreach (var id in runs.Keys)
            if (runs.TryRemove(id, out var run)) run.Post(new RunState.Event(RunState.EventKind.Fault, Error: e));
        hello.TrySetException(e);
        return e;
    }

    private void ThrowIfFaulted()
    {
        if (fault is { } f) throw f;
    }

    private void Send(MessageType type, int id, Func<FrameWriter, FrameWriter>? args)
    {
        var frame = FrameWriter.Start(type).Int32(id);
        if (args is not null) frame = args(frame);
        try { connection.Send(frame); }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw AwaitFault(e);
        }
    }

    /// <summary>A send failed: the reader is about to learn why the child went away; give it a moment to say so.</summary>
    private RuntimeFaultException AwaitFault(Exception cause)
    {
        faulted.Wait(options.ExitTimeout);
        return fault ?? Faulted(new RuntimeFaultException(RuntimeFaultKind.ProtocolError, $"send to child pid {child.Pid} failed: {cause.Message}", cause), kill: true);
    }

    private void ReadLoop()
    {
        try
        {
            while (connection.TryRead(out var type, out var body))
            {
                MarkProgress();
                Route(type, body.Span);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        catch (Exception e)
        {
            // A frame this side cannot take (or a logger that threw): the channel cannot be trusted any more,
            // and an exception escaping this thread would take the whole node down.
            Faulted(new RuntimeFaultException(RuntimeFaultKind.ProtocolError, $"child pid {child.Pid}: {e.Message}", e), kill: true);
        }
        OnDisconnected();
    }

    private void Route(MessageType type, ReadOnlySpan<byte> body)
    {
        var r = new FrameReader(body);
        switch (type)
        {
            case MessageType.Hello:
                var version = r.Int32();
                var pid = r.Int32();
                if (version != Protocol.Version)
                    throw new ProtocolException($"child speaks protocol {version}, parent {Protocol.Version}");
                hello.TrySetResult(pid);
                break;
            case MessageType.Reply:
            case MessageType.Error:
                var id = r.Int32();
                if (calls.TryRemove(id, out var call))
                {
                    if (type == MessageType.Reply) call.Complete(body[4..]);
                    else call.Fail(r.ReadError(Protocol.FunctionName(call.Type)));
                }
                else if (runs.TryGetValue(id, out var run) && run.Sync)
                {
                    var error = type == MessageType.Error ? r.ReadError("rkllm_run") : null;
                    run.Post(new RunState.Event(RunState.EventKind.Done, Error: error));
                }
                break;
            case MessageType.Result:
                OnResult(r.Int32(), r.Int32(), r.ReadResult());
                break;
            case MessageType.Log:
                var level = (LogLevel)r.Byte();
                var category = r.String();
                logger.Log(level, "[handle-host {Pid}] {Category}: {Message}", child.Pid, category, r.String());
                break;
            default:
                throw new ProtocolException($"unexpected message {type}");
        }
    }

    private void OnDisconnected()
    {
        if (closing)
        {
            Faulted(new RuntimeFaultException(RuntimeFaultKind.Exited, $"child pid {child.Pid} closed (handle disposed)"), kill: false);
            return;
        }
        var exitCode = child.WaitForExit(options.ExitTimeout);
        Faulted(ExitDescription.Fault(child.Pid, exitCode, child.RecentOutput), kill: exitCode is null);
    }
}
