using System.Text.Json;
using Nano.Clients.Tests.Scenario;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>
/// The acceptance scenario of the TypeScript SDK 1.x client (legacy era only: initialize handshake, latest
/// 2025-11-25) against a running NodeHost, one transport per subclass. Each test runs one scenario script.
/// </summary>
public abstract class TypeScriptSdkSpec
{
    private const string LegacyRevision = "2025-11-25";

    /// <summary>How the script reaches the node over this class's transport.</summary>
    private protected abstract TsScenario.Target Target { get; }

    /// <summary>The node's last log lines, appended to failure messages.</summary>
    protected abstract string NodeLog { get; }

    [Fact]
    public async Task Connects_with_the_initialize_handshake_and_answers_ping()
    {
        var summary = await RunAsync("connect");

        Assert.False(string.IsNullOrEmpty(summary["serverInfo"].GetProperty("name").GetString()), summary.ToString());
        Assert.True(summary["capabilities"].TryGetProperty("tools", out _), summary.ToString());
        Assert.Equal("ok", summary["ping"].ToString());
        if (summary["protocolVersion"].ValueKind == JsonValueKind.String)
            Assert.Equal(LegacyRevision, summary["protocolVersion"].GetString());
    }

    [Fact]
    public async Task Lists_the_whole_tool_catalogue_with_object_input_schemas()
    {
        var summary = await RunAsync("tools");

        var tools = summary["tools"].EnumerateArray().ToArray();
        var names = tools.Select(t => t.GetProperty("name").GetString()).ToArray();
        Assert.Empty(NanoTools.Catalog.Except(names));
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(tools, t => Assert.Equal("object", t.GetProperty("inputSchemaType").GetString()));
        var generate = tools.Single(t => t.GetProperty("name").GetString() == NanoTools.Generate);
        Assert.Contains("model", generate.GetProperty("properties").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Generate_reports_progress_per_token_in_order_with_the_numeric_token_echoed()
    {
        var summary = await RunAsync("progress");

        Assert.False(summary["isError"].GetBoolean(), summary.ToString());
        var text = summary["text"].GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(text), summary.ToString());
        // What the SDK handed to onprogress: the stream so far (it may drop a last notification that shares a read
        // with the response, see scenario.mjs).
        var seen = string.Concat(summary["seen"].EnumerateArray().Select(s => s.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(seen), summary.ToString());
        Assert.StartsWith(seen, text);
        // On the wire: one call, its numeric token echoed as a number, progress rising, all before the response.
        var call = Assert.Single(summary["wire"].EnumerateObject()).Value;
        AssertWireCall(call, text, summary);
    }

    [Fact]
    public async Task Cancelling_a_long_generation_aborts_the_run_and_frees_the_model()
    {
        var summary = await RunAsync("cancel");

        Assert.True(summary["first"].GetString() == "progress", $"no progress before the long generation ended or timed out: {summary}\n{NodeLog}");
        Assert.Equal("error", summary["ended"].GetProperty("outcome").GetString());
        Assert.True(summary["cancelAckMs"].GetDouble() < Bounds.CancelAck.TotalMilliseconds, summary.ToString());
        // The slow model has one instance: it served the next call quickly, so the aborted run had let go of it.
        Assert.True(summary["next"].TryGetProperty("text", out _), $"the call after the cancel failed: {summary}\n{NodeLog}");
        Assert.False(summary["next"].GetProperty("isError").GetBoolean(), summary.ToString());
        Assert.True(summary["nextServedMs"].GetDouble() < Bounds.Freed.TotalMilliseconds, summary.ToString());
        var status = summary["status"];
        Assert.False(status.GetProperty("isError").GetBoolean(), summary.ToString());
        var json = status.GetProperty("structured").ValueKind == JsonValueKind.Object
            ? status.GetProperty("structured")
            : JsonDocument.Parse(status.GetProperty("text").GetString()!).RootElement;
        Assert.True(ModelStatusReading.IsIdle(json), $"model not idle after the cancel and the next call: {json}");
    }

    [Fact]
    public async Task An_unknown_tool_is_an_invalid_params_error_and_the_connection_stays_usable()
    {
        var summary = await RunAsync("unknownTool");

        Assert.Equal("error", summary["outcome"].GetString());
        Assert.Equal(-32602, summary["error"].GetProperty("code").GetInt32());
        Assert.Contains(NanoTools.UnknownTool, summary["error"].GetProperty("message").GetString());
        Assert.True(summary["toolsAfter"].ValueKind == JsonValueKind.Number && summary["toolsAfter"].GetInt32() > 0, summary.ToString());
    }

    [Fact]
    public async Task Twenty_concurrent_generations_on_one_connection_each_get_their_own_result_and_progress()
    {
        var summary = await RunAsync("concurrent");

        var results = summary["results"].EnumerateArray().ToArray();
        Assert.Equal(NanoTools.ConcurrentCalls, results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            Assert.True(result.TryGetProperty("text", out var text) && !result.GetProperty("isError").GetBoolean(), $"call {i}: {result}");
            Assert.False(string.IsNullOrWhiteSpace(text.GetString()), $"call {i}: {result}");
            var seen = string.Concat(result.GetProperty("seen").EnumerateArray().Select(s => s.GetProperty("message").GetString()));
            Assert.StartsWith(seen, text.GetString());
        }
        // Progress is correlated by token: each call's notifications spell its own response's text.
        var calls = summary["wire"].EnumerateObject().ToArray();
        Assert.Equal(NanoTools.ConcurrentCalls, calls.Length);
        Assert.All(calls, c => AssertWireCall(c.Value, c.Value.GetProperty("responseText").GetString(), summary));
    }

    /// <summary>One call's notifications as they came off the wire (see wireByToken in scenario.mjs).</summary>
    private static void AssertWireCall(JsonElement call, string? responseText, TsSummary summary)
    {
        Assert.Equal(["number"], call.GetProperty("tokenTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.True(call.GetProperty("increasing").GetBoolean(), $"progress not strictly increasing: {call}");
        Assert.True(call.GetProperty("afterResponse").GetInt32() == 0, $"progress notifications after the response: {call}");
        Assert.False(string.IsNullOrEmpty(responseText), $"no response text: {call}\n{summary}");
        Assert.Equal(responseText, call.GetProperty("text").GetString());
    }

    private async Task<TsSummary> RunAsync(string scenario)
    {
        var summary = await TsScenario.RunAsync(scenario, Target);
        Assert.True(summary.Json.GetProperty("ok").GetBoolean(), $"{summary}\n--- node log ---\n{NodeLog}");
        return summary;
    }
}
