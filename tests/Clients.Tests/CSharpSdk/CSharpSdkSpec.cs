using System.Diagnostics;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nano.Clients.Tests.Scenario;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>
/// The acceptance scenario of the official C# SDK client against a running NodeHost, one transport per subclass,
/// run once with the client's default negotiation (server/discover probe, modern era 2026-07-28) and once
/// pinned to 2025-11-25 (initialize handshake).
/// </summary>
public abstract partial class CSharpSdkSpec(string? pinnedVersion) : IAsyncLifetime
{
    /// <summary>What the default negotiation must settle on with nano, which serves the modern era.</summary>
    public const string ModernRevision = "2026-07-28";
    public const string PinnedRevision = "2025-11-25";

    private readonly WireProgress _wire = new();

    /// <summary>The revision the client is pinned to; null for its default negotiation.</summary>
    protected string? PinnedVersion => pinnedVersion;

    /// <summary>Connects a client over this class's transport.</summary>
    protected abstract Task<McpClient> ConnectAsync(McpClientOptions options, CancellationToken cancellationToken);

    /// <summary>The node's last log lines, appended to failure messages.</summary>
    protected abstract string NodeLog { get; }

    /// <summary>What a transport must add after the SDK gave up a cancelled call (nothing, unless the SDK falls short).</summary>
    protected virtual Task AfterCancelAsync(McpClient client) => Task.CompletedTask;

    [Fact]
    public async Task Connects_and_settles_on_the_expected_protocol_revision()
    {
        await using var client = await ConnectAsync();

        Assert.Equal(PinnedVersion ?? ModernRevision, client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.ServerInfo?.Name), "server info names the server");
        Assert.NotNull(client.ServerCapabilities.Tools);
    }

    [Fact]
    public async Task Lists_the_whole_tool_catalogue_with_object_input_schemas()
    {
        await using var client = await ConnectAsync();

        var tools = await client.ListToolsAsync().AsTask().WaitAsync(Bounds.Call);

        var names = tools.Select(t => t.Name).ToArray();
        Assert.Empty(NanoTools.Catalog.Except(names));
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(tools, t => Assert.Equal("object", t.JsonSchema.GetProperty("type").GetString()));
        var generate = tools.Single(t => t.Name == NanoTools.Generate);
        Assert.Equal("object", generate.JsonSchema.GetProperty("type").GetString());
        Assert.True(generate.JsonSchema.GetProperty("properties").TryGetProperty("model", out _), generate.JsonSchema.ToString());
    }

    [Fact]
    public async Task Generate_reports_progress_per_token_whose_text_adds_up_to_the_result()
    {
        await using var client = await ConnectAsync();
        var progress = new ProgressLog();

        var result = await client.CallToolAsync(NanoTools.Generate,
                NanoTools.GenerateArguments(NanoTools.FastModel, "Say hello to the cluster", NanoTools.ProgressMaxTokens), progress)
            .AsTask().WaitAsync(Bounds.Call);

        Assert.True(result.IsError is not true, ToolResults.Describe(result));
        var text = ToolResults.Text(result);
        Assert.False(string.IsNullOrWhiteSpace(text), ToolResults.Describe(result));
        // What the SDK's own IProgress got is part of the stream. It may get nothing: the SDK handles each message on
        // its own thread-pool task and unregisters the IProgress when the response is handled, so under thread-pool
        // pressure (a node starting beside the test) all of a short call's notifications can come too late. The
        // cancellation scenario depends on the IProgress instead, while its call is still running.
        Assert.All(progress.InProgressOrder, v => Assert.Contains(v.Message ?? "", text));
        // On the wire: one notification per token chunk, progress strictly increasing, the text in message.
        await _wire.TextLengthAsync(null, text.Length, Bounds.Call);
        var notes = _wire.For(null);
        Assert.Single(notes.Select(n => n.Token).Distinct());
        // The SDK's token is a string: echoed as one.
        Assert.All(notes, n => Assert.Equal(System.Text.Json.JsonValueKind.String, n.TokenKind));
        Assert.Equal(notes.Count, notes.Select(n => n.Progress).Distinct().Count());
        Assert.All(notes, n => Assert.True(n.Progress > 0, $"progress {n.Progress}"));
        Assert.Equal(text, _wire.TextOf(null));
    }

    [Fact]
    public async Task Cancelling_a_long_generation_aborts_the_run_and_frees_the_model()
    {
        await using var client = await ConnectAsync();
        var progress = new ProgressLog();
        using var cancel = new CancellationTokenSource();

        var call = client.CallToolAsync(NanoTools.Generate,
                NanoTools.GenerateArguments(NanoTools.SlowModel, "Tell a very long story", NanoTools.LongMaxTokens), progress,
                cancellationToken: cancel.Token).AsTask();
        var first = await Task.WhenAny(progress.FirstAsync(Bounds.FirstProgress), call);
        Assert.True(first != call, $"the long generation ended before its first progress: {call.Status} {call.Exception?.GetBaseException().Message}\n{NodeLog}");
        await first;
        var sinceCancel = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Bounds.CancelAck));
        await AfterCancelAsync(client);
        // The board stops: the one instance of the slow model is reported free long before its 500 tokens could end...
        await AssertModelIdleAsync(client, NanoTools.SlowModel, Bounds.Freed - sinceCancel.Elapsed);
        // ...and serves the next call at once instead of queueing it behind the abandoned run.
        var next = await client.CallToolAsync(NanoTools.Generate,
                NanoTools.GenerateArguments(NanoTools.SlowModel, "And now a short one", 2))
            .AsTask().WaitAsync(Bounds.Freed);
        Assert.True(next.IsError is not true, ToolResults.Describe(next));
        Assert.True(sinceCancel.Elapsed < Bounds.Freed, $"model free and serving {sinceCancel.Elapsed} after the cancel");
    }

    [Fact]
    public async Task An_unknown_tool_is_an_invalid_params_error_and_the_connection_stays_usable()
    {
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAnyAsync<McpProtocolException>(() =>
            client.CallToolAsync(NanoTools.UnknownTool, new Dictionary<string, object?>()).AsTask().WaitAsync(Bounds.Call));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains(NanoTools.UnknownTool, error.Message);
        Assert.NotEmpty(await client.ListToolsAsync().AsTask().WaitAsync(Bounds.Call));
    }

    [Fact]
    public async Task Twenty_concurrent_generations_on_one_connection_each_get_their_own_result_and_progress()
    {
        await using var client = await ConnectAsync();

        var calls = Enumerable.Range(0, NanoTools.ConcurrentCalls).Select(i => client.CallToolAsync(new CallToolRequestParams
        {
            Name = NanoTools.Generate,
            Arguments = ToolArguments.From(NanoTools.GenerateArguments(NanoTools.FastModel, $"Concurrent call {i}", NanoTools.ShortMaxTokens)),
            Meta = new() { ["progressToken"] = $"concurrent-{i}" },
        }).AsTask()).ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(Bounds.Concurrent);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].IsError is not true, $"call {i}: {ToolResults.Describe(results[i])}");
            var text = ToolResults.Text(results[i]);
            Assert.False(string.IsNullOrWhiteSpace(text), $"call {i}: {ToolResults.Describe(results[i])}");
            // Progress is correlated by token: each call's notifications carry its text, none of another's.
            await _wire.TextLengthAsync($"concurrent-{i}", text.Length, Bounds.Call);
            Assert.Equal(text, _wire.TextOf($"concurrent-{i}"));
        }
        Assert.Equal(NanoTools.ConcurrentCalls, _wire.For(null).Select(n => n.Token).Distinct().Count());
    }
}
