using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Akka.Actor;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Transports.Internal;

/// <summary>
/// Moves newline-delimited frames between a byte stream pair (a socket, stdin/stdout) and a session, on two loops
/// off the actor's thread. Reading: each line is parsed where it was cut out of the read buffer (no copy of the
/// line) and goes to the session parsed. Writing: frames queued by the session (through <see cref="PumpFramesRef"/>),
/// written through a pipe and flushed once the queue is empty, so a burst of progress costs few syscalls.
/// Backpressure: bytes not yet accepted by the stream count as pending; above <c>pauseAbove</c> reading stops
/// (a slow reader gets no new work), and <see cref="Enqueue"/> refuses beyond <c>maxPending</c> (the owner closes).
/// </summary>
internal sealed class LineStreamPump
{
    private const int FlushEveryBytes = 64 * 1024;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly LineFramer _framer;
    private readonly long _pauseAbove;
    private readonly long _maxPending;
    private readonly JsonRpcCodec _codec;
    private readonly IActorRef _session;
    private readonly IActorRef _owner;
    // Made once: a method group passed as a delegate allocates a new delegate on every read.
    private readonly Action<ReadOnlySequence<byte>> _onLine;
    private readonly Action<long> _onOversize;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource? _resume;
    private long _pending;

    public LineStreamPump(Stream input, Stream output, int maxFrameBytes, long pauseAbove, long maxPending, JsonRpcCodec codec, IActorRef session, IActorRef owner)
    {
        _codec = codec;
        _onLine = OnLine;
        _onOversize = OnOversize;
        _input = input;
        _output = output;
        _framer = new LineFramer(maxFrameBytes);
        _pauseAbove = pauseAbove;
        _maxPending = maxPending;
        _session = session;
        _owner = owner;
    }

    public long PendingBytes => Interlocked.Read(ref _pending);

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues one frame; false when the reader is so far behind that the connection must be closed.</summary>
    public bool Enqueue(byte[] frame)
    {
        if (Interlocked.Add(ref _pending, frame.Length + 1) > _maxPending) return false;
        return _outbound.Writer.TryWrite(frame);
    }

    /// <summary>Nothing more will be queued: the write loop ends (and reports) once everything queued is written.</summary>
    public void CompleteWrites() => _outbound.Writer.TryComplete();

    /// <summary>Stops both loops now; queued frames are dropped.</summary>
    public void Abort()
    {
        _outbound.Writer.TryComplete();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var reason = "end of input";
        var reader = PipeReader.Create(_input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(_stop.Token);
                // Checked between reading and handing lines on: a client that does not read its answers gets no new work.
                await WhileBackedUpAsync();
                var buffer = result.Buffer;
                _framer.Process(ref buffer, _onLine, _onOversize);
                if (result.IsCompleted)
                {
                    _framer.Finish(buffer, _onLine, _onOversize);
                    break;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            reason = "stopped";
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            reason = e.Message;
        }
        finally
        {
            await reader.CompleteAsync();
            _owner.Tell(new InputEnded(reason));
        }
    }

    private void OnLine(ReadOnlySequence<byte> line) => _session.Tell(new InboundParsed(_codec.Parse(line)), _owner);

    private void OnOversize(long bytes) => _session.Tell(new FrameTooLarge(bytes), _owner);

    private async Task WriteLoopAsync()
    {
        var reason = "closed";
        var writer = PipeWriter.Create(_output, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            while (await _outbound.Reader.WaitToReadAsync(_stop.Token))
            {
                long written = 0, unflushed = 0;
                while (_outbound.Reader.TryRead(out var frame))
                {
                    writer.Write(frame);
                    writer.Write("\n"u8);
                    written += frame.Length + 1;
                    unflushed += frame.Length + 1;
                    if (unflushed < FlushEveryBytes) continue;
                    if ((await writer.FlushAsync(_stop.Token)).IsCompleted) return;
                    unflushed = 0;
                }
                if ((await writer.FlushAsync(_stop.Token)).IsCompleted) return;
                Released(written);
            }
        }
        catch (OperationCanceledException)
        {
            reason = "stopped";
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            reason = e.Message;
        }
        finally
        {
            try
            {
                await writer.CompleteAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
            }
            _owner.Tell(new OutputEnded(reason));
        }
    }

    private async Task WhileBackedUpAsync()
    {
        Task wait;
        lock (_gate)
        {
            if (Interlocked.Read(ref _pending) <= _pauseAbove) return;
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _resume.Task;
        }
        await wait.WaitAsync(_stop.Token);
    }

    private void Released(long bytes)
    {
        var pending = Interlocked.Add(ref _pending, -bytes);
        lock (_gate)
        {
            if (_resume is null || pending > _pauseAbove / 2) return;
            _resume.TrySetResult();
            _resume = null;
        }
    }
}
