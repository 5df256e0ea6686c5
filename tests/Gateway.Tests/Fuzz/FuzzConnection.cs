using System.Collections.Concurrent;
using System.Text;
using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// A client connection of one MCP transport under fuzz: sends frames, owes each its expectation in the
/// <see cref="Ledger"/>, hands every frame that comes back to it, and runs the real round trip that must still
/// work afterwards (initialize, then tools/call generate with progress).
/// </summary>
public abstract class FuzzConnection(FrameOracle oracle, AnswerLedger ledger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JObject>> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _progress = new(StringComparer.Ordinal);

    public AnswerLedger Ledger { get; } = ledger;
    protected FrameOracle Oracle { get; } = oracle;

    /// <summary>Sends the fuzz frames as fast as the transport allows (pipelined where it can be).</summary>
    public abstract Task SendFramesAsync(IReadOnlyList<byte[]> frames, Random random, CancellationToken ct);

    /// <summary>Sends one well-formed frame (its expectation is the transport's to record).</summary>
    protected abstract Task SendAsync(byte[] frame, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>Everything that comes back goes here, as UTF-8 text of one frame.</summary>
    protected void OnReceived(ReadOnlySpan<byte> frame)
    {
        if (!System.Text.Unicode.Utf8.IsValid(frame))
        {
            Ledger.Receive($"(invalid UTF-8 from the server: {Convert.ToHexString(frame[..Math.Min(64, frame.Length)])})");
            return;
        }
        var text = Encoding.UTF8.GetString(frame);
        JToken token;
        try
        {
            token = JToken.Parse(text);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            Ledger.Receive(text);
            return;
        }
        Ledger.Receive(token);
        if (token is not JObject message) return;
        if ((string?)message["method"] == "notifications/progress" && message["params"]?["progressToken"] is { Type: JTokenType.String } t)
            _progress.AddOrUpdate((string)t!, 1, (_, n) => n + 1);
        if (message["id"] is { Type: JTokenType.String } id && _waiting.TryRemove((string)id!, out var waiter)) waiter.TrySetResult(message);
    }

    /// <summary>Sends a request and waits for its answer.</summary>
    public async Task<JObject> CallAsync(string id, string json, TimeSpan within)
    {
        var answer = new TaskCompletionSource<JObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        var bytes = Encoding.UTF8.GetBytes(json);
        Ledger.Expect(Oracle.ForMessage(bytes));
        await SendAsync(bytes, CancellationToken.None);
        try
        {
            return await answer.Task.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(FuzzRun.Replay($"no answer to {id} within {within} ({Ledger})"));
        }
    }

    /// <summary>Notifications need no answer; their expectation is silence.</summary>
    public async Task NotifyAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Ledger.Expect(Oracle.ForMessage(bytes));
        await SendAsync(bytes, CancellationToken.None);
    }

    /// <summary>The real client exchange: initialize, initialized, then generate on the probe model with progress.</summary>
    public async Task RoundTripAsync(string tag, TimeSpan within)
    {
        var init = await CallAsync($"{tag}-init", "{\"jsonrpc\":\"2.0\",\"id\":\"" + tag + "-init\",\"method\":\"initialize\",\"params\":" +
            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz-after\",\"version\":\"1\"}}}", within);
        Assert.True("2025-11-25" == (string?)init["result"]?["protocolVersion"], FuzzRun.Replay($"{tag}: initialize after the fuzz answered {init}"));
        await NotifyAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        var generated = await CallAsync($"{tag}-gen", "{\"jsonrpc\":\"2.0\",\"id\":\"" + tag + "-gen\",\"method\":\"tools/call\",\"params\":" +
            "{\"name\":\"generate\",\"arguments\":{\"model\":\"" + FuzzNode.Probe.Name + "\",\"prompt\":\"still there?\",\"max_tokens\":4}," +
            "\"_meta\":{\"progressToken\":\"" + tag + "-tok\"}}}", within);
        var result = generated["result"];
        Assert.True(result is JObject && (bool?)result["isError"] == false, FuzzRun.Replay($"{tag}: generate after the fuzz answered {generated}"));
        Assert.Equal("xxxx", (string?)result!["structuredContent"]?["text"]);
        Assert.True(_progress.GetValueOrDefault($"{tag}-tok") > 0, FuzzRun.Replay($"{tag}: no progress for the generate after the fuzz"));
    }

    /// <summary>A ping with <paramref name="id"/>: once it is answered, every frame before it has been read by the session.</summary>
    public Task<JObject> PingAsync(string id, TimeSpan within) => CallAsync(id, $$"""{"jsonrpc":"2.0","id":"{{id}}","method":"ping"}""", within);

    public static JsonRpcCodec Codec(FuzzNode node) => node.Context.Codec;
}
