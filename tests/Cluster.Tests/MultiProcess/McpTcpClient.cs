using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// A minimal MCP client over nano's TCP transport (newline-delimited JSON-RPC 2.0): initialize, then calls that may
/// be in flight together, matched to their answers by id. An answer for no pending id is counted, never dropped
/// silently: every call must get exactly one answer.
/// </summary>
internal sealed class McpTcpClient : IAsyncDisposable
{
    public const string ProtocolVersion = "2025-06-18";

    private readonly TcpClient _tcp;
    private readonly StreamWriter _writer;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private long _nextId;
    private volatile Exception? _ended;
    private int _strayAnswers;
    private int _progress;
    private readonly ConcurrentDictionary<string, int> _progressByToken = new(StringComparer.Ordinal);

    private McpTcpClient(TcpClient tcp)
    {
        _tcp = tcp;
        var stream = tcp.GetStream();
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
        _reader = new StreamReader(stream, Encoding.UTF8);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Answers whose id matched no pending call (a second answer to one call, or an unknown id).</summary>
    public int StrayAnswers => Volatile.Read(ref _strayAnswers);

    /// <summary>notifications/progress received (streamed tokens).</summary>
    public int ProgressNotifications => Volatile.Read(ref _progress);

    /// <summary>notifications/progress received for one string progress token (a second stream of one request shows here).</summary>
    public int ProgressFor(string token) => _progressByToken.TryGetValue(token, out var count) ? count : 0;

    public static async Task<McpTcpClient> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint, ct);
        var client = new McpTcpClient(tcp);
        try
        {
            var init = await client.CallAsync("initialize", new JsonObject
            {
                ["protocolVersion"] = ProtocolVersion,
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "nano-multiprocess-test", ["version"] = "1.0" },
            }, ct);
            if (init["result"] is null) throw new InvalidOperationException($"initialize failed: {init.ToJsonString()}");
            await client.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }, ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>tools/call; a progress token asks for the tokens as notifications/progress.</summary>
    public Task<JsonObject> CallToolAsync(string name, JsonObject arguments, string? progressToken, CancellationToken ct)
    {
        var parameters = new JsonObject { ["name"] = name, ["arguments"] = arguments };
        if (progressToken is not null) parameters["_meta"] = new JsonObject { ["progressToken"] = progressToken };
        return CallAsync("tools/call", parameters, ct);
    }

    /// <summary>Sends a request and returns its whole answer (with "result" or "error").</summary>
    public async Task<JsonObject> CallAsync(string method, JsonObject parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (_ended is { } ended) answer.TrySetException(ended);
        try
        {
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }, ct);
            return await answer.Task.WaitAsync(ct);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await _writer.WriteLineAsync(message.ToJsonString().AsMemory(), ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? ended = null;
        try
        {
            while (await _reader.ReadLineAsync(_closing.Token) is { } line)
            {
                if (JsonNode.Parse(line) is not JsonObject message) continue;
                if (message["method"] is not null)
                {
                    if ((string?)message["method"] == "notifications/progress")
                    {
                        Interlocked.Increment(ref _progress);
                        if (message["params"]?["progressToken"] is JsonValue token && token.TryGetValue<string>(out var text))
                            _progressByToken.AddOrUpdate(text, 1, (_, n) => n + 1);
                    }
                    continue;
                }
                if (message["id"]?.GetValue<long>() is { } id && _pending.TryRemove(id, out var pending)) pending.TrySetResult(message);
                else Interlocked.Increment(ref _strayAnswers);
            }
        }
        catch (Exception e)
        {
            ended = e;
        }
        // Whatever is still waiting will never be answered: say so at once.
        var error = new IOException("the gateway closed the connection", ended);
        _ended = error;
        foreach (var pending in _pending.Values) pending.TrySetException(error);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _tcp.Dispose();
        try
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The socket is closed; the loop ends on its own.
        }
        _closing.Dispose();
        _writeLock.Dispose();
    }
}
