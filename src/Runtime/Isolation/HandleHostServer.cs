using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Isolation;

/// <summary>
/// The child side of an isolated handle: serves one parent connection with one runtime handle.
/// A reader thread takes frames; Abort, IsRunning and callback replies are answered on it at once, so they work
/// while a run blocks. Every other call runs in order on one worker thread, which thereby owns the handle the way
/// a handle actor's pinned thread does in process.
/// </summary>
public sealed partial class HandleHostServer : IDisposable
{
    private readonly FrameConnection connection;
    private readonly Func<RuntimeSpec, IRkllmRuntime> runtimeFactory;
    private readonly ForwardingLogger forwardingLogger = new("Nano.Runtime.Isolation.HandleHost");
    private readonly BlockingCollection<(MessageType Type, byte[] Body)> work = new();
    private readonly CallbackWaits callbacks = new();
    private IRkllmRuntime? runtime;
    private volatile IRkllmHandle? handle;

    public HandleHostServer(Stream connection, Func<RuntimeSpec, IRkllmRuntime> runtimeFactory)
    {
        this.connection = new FrameConnection(connection);
        this.runtimeFactory = runtimeFactory;
    }

    /// <summary>Logs of the child: forwarded to the parent as Log frames while connected, else stderr.</summary>
    public ILogger Logger => forwardingLogger;

    /// <summary>How long the handle may take to abort and be destroyed once the parent is gone.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Serves until the parent disposes the handle or closes the connection. True when the handle was released
    /// within <see cref="ShutdownTimeout"/>; false tells the caller to exit hard.
    /// </summary>
    public bool Serve()
    {
        var worker = new Thread(WorkLoop) { IsBackground = true, Name = "handle-host worker" };
        try
        {
            connection.Send(FrameWriter.Start(MessageType.Hello).Int32(Protocol.Version).Int32(Environment.ProcessId));
            forwardingLogger.Attach(connection);
            worker.Start();
            while (connection.TryRead(out var type, out var body)) Dispatch(type, body.Span);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        catch (ProtocolException e)
        {
            forwardingLogger.LogError("protocol error, closing: {Message}", e.Message);
        }
        return Shutdown(worker);
    }

    public void Dispose() => connection.Dispose();

    private void Dispatch(MessageType type, ReadOnlySpan<byte> body)
    {
        var reader = new FrameReader(body);
        switch (type)
        {
            case MessageType.CallbackReply:
                callbacks.Complete(reader.Int32(), (RkllmCallbackAction)reader.Byte());
                break;
            case MessageType.Abort:
                Answer(reader.Int32(), type, () => { RequireHandle().Abort(); return null; });
                break;
            case MessageType.IsRunning:
                Answer(reader.Int32(), type, () => RequireHandle().IsRunning);
                break;
            case >= MessageType.Init and <= MessageType.Dispose:
                work.Add((type, body.ToArray()));
                break;
            default:
                throw new ProtocolException($"unexpected message {type}");
        }
    }

    private void WorkLoop()
    {
        foreach (var (type, body) in work.GetConsumingEnumerable())
        {
            var reader = new FrameReader(body);
            var id = reader.Int32();
            Answer(id, type, () => Execute(type, body.AsSpan(4), id));
            if (type == MessageType.Dispose)
            {
                // The handle is gone: hang up, which ends the reader loop and with it this process.
                connection.Dispose();
                return;
            }
        }
    }

    /// <summary>Runs a call and replies with its result (a bool, int[], info or info+json) or its exception.</summary>
    private void Answer(int id, MessageType type, Func<object?> call)
    {
        FrameWriter frame;
        try
        {
            var result = call();
            LibC.FlushStdio();
            frame = FrameWriter.Start(MessageType.Reply).Int32(id);
            switch (result)
            {
                case bool b: frame.Bool(b); break;
                case int[] sizes: frame.Ints(sizes); break;
                case RuntimeInfo info: frame.Info(info); break;
                case (RuntimeInfo info, string json): frame.Info(info).String(json); break;
            }
        }
        catch (Exception e)
        {
            frame = FrameWriter.Start(MessageType.Error).Int32(id).Error(e);
        }
        try { connection.Send(frame); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }

    private IRkllmHandle RequireHandle() =>
        handle ?? throw new RkllmException("handle-host", -1, "no handle: rkllm_init has not succeeded on this host");

    /// <summary>The parent is gone: unwind any run, destroy the handle on its own thread, within a bound.</summary>
    private bool Shutdown(Thread worker)
    {
        forwardingLogger.Attach(null);
        callbacks.ReleaseAll();
        try { handle?.Abort(); }
        catch (Exception e) { forwardingLogger.LogWarning("abort at shutdown failed: {Message}", e.Message); }
        work.Add((MessageType.Dispose, BitConverter.GetBytes(0)));
        work.CompleteAdding();
        if (!worker.IsAlive) return true;
        return worker.Join(ShutdownTimeout);
    }
}
