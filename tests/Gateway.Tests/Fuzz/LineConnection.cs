using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Newline-delimited JSON-RPC over a stream pair (TCP, or the stdio transport's pipes). The fuzz frames are laid out
/// as one byte stream — "\n" or "\r\n" after each, newlines and CRs the mutator put inside them, blank lines, lines
/// past the limit — and written in writes of random sizes, so lines arrive split across writes and several per
/// write, pipelined while a reader takes every answer off the other stream.
/// </summary>
public sealed class LineConnection : FuzzConnection
{
    private readonly Stream _output;
    private readonly Task _reading;
    private readonly IAsyncDisposable? _owner;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public LineConnection(Stream input, Stream output, FrameOracle oracle, AnswerLedger ledger, IAsyncDisposable? owner = null) : base(oracle, ledger)
    {
        _output = output;
        _owner = owner;
        _reading = Task.Run(() => ReadAsync(input));
    }

    public static async Task<LineConnection> ConnectTcpAsync(IPEndPoint endpoint, FrameOracle oracle, AnswerLedger ledger)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endpoint);
        var stream = client.GetStream();
        return new LineConnection(stream, stream, oracle, ledger, new Owner(client));
    }

    /// <summary>Lines the server read (frames plus the lines mutations split them into), for the report.</summary>
    public int Lines { get; private set; }

    public override async Task SendFramesAsync(IReadOnlyList<byte[]> frames, Random random, CancellationToken ct)
    {
        var stream = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
        {
            stream.Write(frame);
            stream.Write(random.Next(7) == 0 ? "\r\n"u8 : random.Next(40) == 0 ? "\n \t\n"u8 : "\n"u8);
        }
        var bytes = stream.WrittenMemory;
        var owed = Oracle.ForStream(bytes.Span, out var lines);
        foreach (var expected in owed) Ledger.Expect(expected);
        Lines += lines;
        while (!bytes.IsEmpty)
        {
            // Mostly larger writes (fast), some of a few bytes: lines cut anywhere, even inside a UTF-8 sequence.
            var take = Math.Min(bytes.Length, random.Next(4) == 0 ? random.Next(1, 16) : random.Next(64, 32 * 1024));
            await WriteAsync(bytes[..take], ct);
            bytes = bytes[take..];
        }
    }

    protected override Task SendAsync(byte[] frame, CancellationToken ct) => WriteAsync(frame.Append((byte)'\n').ToArray(), ct);

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await _output.WriteAsync(bytes, ct);
            await _output.FlushAsync(ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadAsync(Stream input)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    var line = buffer.Slice(0, newline);
                    OnReceived(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_owner is not null) await _owner.DisposeAsync();
        else await _output.DisposeAsync();
        await _reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Owner(TcpClient client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
