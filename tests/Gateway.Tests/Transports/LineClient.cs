using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nano.Gateway.Tests.Transports;

/// <summary>Newline-delimited JSON-RPC over any stream pair (a TCP socket, pipes standing in for stdin/stdout).</summary>
public sealed class LineClient(Stream input, Stream output, IAsyncDisposable? owner = null) : IFrameClient
{
    private readonly StreamReader _reader = new(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public static async Task<LineClient> ConnectTcpAsync(IPEndPoint endpoint)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endpoint);
        var stream = client.GetStream();
        return new LineClient(stream, stream, new Owner(client));
    }

    public Socket? Socket { get; init; }

    public Task SendAsync(string json) => SendFrameAsync(Encoding.UTF8.GetBytes(json));

    public async Task SendFrameAsync(byte[] frame)
    {
        var line = new byte[frame.Length + 1];
        for (var i = 0; i < frame.Length; i++) line[i] = frame[i] == (byte)'\n' ? (byte)' ' : frame[i];
        line[^1] = (byte)'\n';
        await SendRawAsync(line);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await output.WriteAsync(bytes);
            await output.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<JToken> ReadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no frame within {timeout}");
        }
        return line is null ? throw new EndOfStreamException("the server closed the stream") : JToken.Parse(line);
    }

    /// <summary>Reads until the stream ends; the lines read on the way, for specs expecting a close.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(cts.Token) is { } line) lines.Add(line);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (owner is not null) await owner.DisposeAsync();
        _reader.Dispose();
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
