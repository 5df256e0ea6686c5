using System.Buffers;
using System.Text;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Nano.Benchmarks.Support;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Internal;

namespace Nano.Benchmarks;

/// <summary>
/// Newline framing of the TCP and stdio transports, per line (every benchmark handles <see cref="Lines"/> lines per
/// operation): cutting lines out of a read buffer (LineFramer), and the whole pump — reading lines from a stream to
/// the session actor (which parses each), and writing queued frames to a stream.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class LineFramingBenchmarks
{
    public const int Lines = 256;

    private static readonly byte[] Line = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","method":"notifications/progress","params":{"_meta":{"dev.nano/requestId":"0123456789ab-1"},"progressToken":42,"progress":7,"message":" gull"}}""");

    private readonly byte[] input = Enumerable.Range(0, Lines).SelectMany(_ => Line.Append((byte)'\n')).ToArray();
    private readonly LineFramer framer = new(4 << 20);
    private readonly JsonRpcCodec codec = new();
    private readonly Action<ReadOnlySequence<byte>> count;
    private readonly Action<ReadOnlySequence<byte>> copy;
    private readonly Action<long> oversize = _ => throw new InvalidOperationException("no line is oversize here");
    private ActorSystem system = null!;
    private IActorRef session = null!;
    private IActorRef owner = null!;
    private int counted;

    public LineFramingBenchmarks()
    {
        count = _ => counted++;
        copy = line => counted += line.ToArray().Length > 0 ? 1 : 0;
    }

    [GlobalSetup]
    public void Setup()
    {
        system = ActorSystem.Create("framing", "akka.loglevel = WARNING");
        session = system.ActorOf(Props.Create(() => new ParsingSession()));
        owner = system.ActorOf(Props.Create(() => new PumpOwner()));
    }

    [GlobalCleanup]
    public void Cleanup() => system.Terminate().Wait(TimeSpan.FromSeconds(10));

    /// <summary>Only the cutting: each line is handed on as a slice of the read buffer.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int FrameLines()
    {
        counted = 0;
        var buffer = new ReadOnlySequence<byte>(input);
        framer.Process(ref buffer, count, oversize);
        return counted;
    }

    /// <summary>Cutting plus one copy of each line into its own array (what a frame handed to an actor needs).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int FrameAndCopyLines()
    {
        counted = 0;
        var buffer = new ReadOnlySequence<byte>(input);
        framer.Process(ref buffer, copy, oversize);
        return counted;
    }

    /// <summary>The pump's read side: a stream of lines to a session actor that parses each frame.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int PumpReadToSession()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.Tell(new PumpOwner.Expect(done, WaitForOutput: false, session));
        var pump = NewPump(new MemoryStream(input, writable: false), Stream.Null);
        pump.Start();
        done.Task.Wait();
        pump.Abort();
        return Lines;
    }

    /// <summary>The pump's write side: frames queued one by one, written with a newline each and flushed.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int PumpWriteFrames()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.Tell(new PumpOwner.Expect(done, WaitForOutput: true));
        var pump = NewPump(new BlockingEmptyStream(), Stream.Null);
        pump.Start();
        for (var i = 0; i < Lines; i++) pump.Enqueue(Line);
        pump.CompleteWrites();
        done.Task.Wait();
        pump.Abort();
        return Lines;
    }

    private LineStreamPump NewPump(Stream input, Stream output) =>
        new(input, output, 4 << 20, pauseAbove: 1 << 20, maxPending: 16 << 20, codec, session, owner);

    /// <summary>The session's part of reading: the frame parsed as McpSessionActor parses it.</summary>
    private sealed class ParsingSession : ReceiveActor
    {
        private readonly JsonRpcCodec codec = new();

        public ParsingSession()
        {
            Receive<InboundMessage>(m => codec.Parse(m.Frame.Span));
            Receive<InboundParsed>(_ => { });
            Receive<TaskCompletionSource>(done => done.TrySetResult());
        }
    }

    /// <summary>
    /// Completes the awaited task when the pump reports the end of its output (write), or when the session has handled
    /// every line after the end of the input (read): the session gets the task after the lines, in mailbox order.
    /// </summary>
    private sealed class PumpOwner : ReceiveActor
    {
        public sealed record Expect(TaskCompletionSource Done, bool WaitForOutput, IActorRef? Session = null);

        private Expect? expect;

        public PumpOwner()
        {
            Receive<Expect>(e => expect = e);
            Receive<InputEnded>(_ =>
            {
                if (expect is { WaitForOutput: false, Session: { } session }) session.Tell(expect.Done);
            });
            Receive<OutputEnded>(_ =>
            {
                if (expect is { WaitForOutput: true }) expect.Done.TrySetResult();
            });
        }
    }

    /// <summary>An input that never ends until the pump is aborted, so the write benchmark sees no InputEnded.</summary>
    private sealed class BlockingEmptyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
