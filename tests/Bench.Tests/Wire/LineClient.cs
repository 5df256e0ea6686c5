using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Nano.Bench.Tests.Wire;

/// <summary>A raw client of newline-delimited JSON-RPC over TCP (nano's TCP framing); every read is bounded.</summary>
internal sealed class LineClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private LineClient(TcpClient client)
    {
        _client = client;
        var stream = client.GetStream();
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
    }

    public static async Task<LineClient> ConnectAsync(IPEndPoint endpoint)
    {
        var client = new TcpClient { NoDelay = true };
        using var bound = new CancellationTokenSource(Bounds.Exchange);
        await client.ConnectAsync(endpoint, bound.Token);
        return new LineClient(client);
    }

    public Task SendAsync(string json) => _writer.WriteLineAsync(json);

    /// <summary>The next message; fails when none comes within the bound or the server closes.</summary>
    public async Task<JsonObject> ReadAsync()
    {
        using var bound = new CancellationTokenSource(Bounds.Exchange);
        var line = await _reader.ReadLineAsync(bound.Token) ?? throw new EndOfStreamException("the server closed the connection");
        return JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>Messages up to and including the response with <paramref name="id"/>, and that response.</summary>
    public async Task<(List<JsonObject> Before, JsonObject Response)> ReadUntilResponseAsync(int id)
    {
        var before = new List<JsonObject>();
        while (true)
        {
            var message = await ReadAsync();
            if (message["id"] is { } got && got.GetValueKind() == System.Text.Json.JsonValueKind.Number && got.GetValue<int>() == id)
                return (before, message);
            before.Add(message);
        }
    }

    /// <summary>initialize, its answer, then notifications/initialized.</summary>
    public async Task<JsonObject> HandshakeAsync()
    {
        await SendAsync(Messages.Initialize);
        var (_, response) = await ReadUntilResponseAsync(1);
        await SendAsync(Messages.Initialized);
        return response;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
