using System.Text.Json;
using Nano.Clients.Tests.Hosting;
using Nano.Clients.Tests.Scenario;
using Nano.Clients.Tests.TypeScriptSdk;

namespace Nano.Clients.Tests.OllamaJs;

/// <summary>
/// The Ollama JavaScript library (npm <c>ollama</c>, run by node from ts/ollama.mjs) against a real NodeHost's
/// Ollama-compatible API on its http listener. Every answer carrying simulated output must say so (<c>nano.simulated</c>).
/// </summary>
public sealed class OllamaJsSpec(NodeFixture node) : IClassFixture<NodeFixture>
{
    private const string Model = NanoTools.FastModel;
    private const int MaxTokens = NanoTools.ShortMaxTokens;
    private const string UnknownModel = "no-such-model";

    [Fact]
    public async Task Version_tags_and_loaded_models_come_through_the_library_marked_simulated()
    {
        var summary = await RunAsync("models");

        Assert.EndsWith("-nano", summary["version"].GetString());
        var tags = summary["tags"].EnumerateArray().ToArray();
        Assert.Equal(["qwen2.5-1.5b", "qwen2-0.5b", "qwen2-vl-2b"], tags.Select(t => t.GetProperty("name").GetString()));
        Assert.All(tags, t => Assert.True(t.GetProperty("nano").GetProperty("simulated").GetBoolean(), t.ToString()));
        Assert.All(tags, t => Assert.Equal(JsonValueKind.Object, t.GetProperty("details").ValueKind));
        Assert.Equal("load", summary["load"].GetProperty("doneReason").GetString());
        var loaded = summary["ps"].EnumerateArray().Single(m => m.GetProperty("name").GetString() == Model);
        Assert.True(loaded.GetProperty("sizeVram").GetInt64() > 0, loaded.ToString());
        Assert.True(loaded.GetProperty("nano").GetProperty("simulated").GetBoolean(), loaded.ToString());
    }

    [Fact]
    public async Task Chat_answers_whole_and_as_an_NDJSON_stream_marked_simulated()
    {
        var summary = await RunAsync("chat");

        var whole = summary["whole"];
        Assert.Equal("assistant", whole.GetProperty("role").GetString());
        Assert.False(string.IsNullOrWhiteSpace(whole.GetProperty("content").GetString()), summary.ToString());
        Assert.True(whole.GetProperty("done").GetBoolean());
        Assert.Equal("length", whole.GetProperty("doneReason").GetString());
        Assert.Equal(MaxTokens, whole.GetProperty("evalCount").GetInt32());
        Assert.True(whole.GetProperty("promptEvalCount").GetInt32() > 0, summary.ToString());
        Assert.True(whole.GetProperty("nano").GetProperty("simulated").GetBoolean(), summary.ToString());
        AssertStream(summary["streamed"], summary);
    }

    [Fact]
    public async Task Generate_streams_NDJSON_marked_simulated()
    {
        var summary = await RunAsync("generate");

        AssertStream(summary["streamed"], summary);
    }

    [Fact]
    public async Task Embed_returns_one_unit_vector_per_input_marked_simulated()
    {
        var summary = await RunAsync("embed");

        Assert.Equal(Model, summary["model"].GetString());
        var widths = summary["widths"].EnumerateArray().Select(w => w.GetInt32()).ToArray();
        Assert.Equal(2, widths.Length);
        Assert.True(widths[0] > 0 && widths[0] == widths[1], summary.ToString());
        Assert.All(summary["norms"].EnumerateArray(), n => Assert.InRange(n.GetDouble(), 0.999, 1.001));
        Assert.True(summary["different"].GetBoolean(), summary.ToString());
        Assert.True(summary["nano"].GetProperty("simulated").GetBoolean(), summary.ToString());
    }

    [Fact]
    public async Task An_unknown_model_makes_the_library_throw_a_ResponseError_with_status_404()
    {
        var summary = await RunAsync("unknownModel");

        foreach (var call in new[] { "chat", "chatStream", "generateStream", "embed" })
        {
            var refusal = summary[call];
            Assert.True(refusal.GetProperty("thrown").GetBoolean(), $"{call}: {summary}");
            Assert.Equal("ResponseError", refusal.GetProperty("name").GetString());
            Assert.Equal(404, refusal.GetProperty("status").GetInt32());
            Assert.Contains(UnknownModel, refusal.GetProperty("message").GetString());
        }
    }

    /// <summary>One line per token, then the done line with the counts; every line says the output is simulated.</summary>
    private static void AssertStream(JsonElement streamed, TsSummary summary)
    {
        Assert.Equal(MaxTokens + 1, streamed.GetProperty("parts").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(streamed.GetProperty("text").GetString()), summary.ToString());
        var done = streamed.GetProperty("doneFlags").EnumerateArray().Select(d => d.GetBoolean()).ToArray();
        Assert.Equal([.. Enumerable.Repeat(false, MaxTokens), true], done);
        Assert.All(streamed.GetProperty("simulatedFlags").EnumerateArray(), s => Assert.True(s.ValueKind == JsonValueKind.True, summary.ToString()));
        Assert.Equal("length", streamed.GetProperty("doneReason").GetString());
        Assert.Equal(MaxTokens, streamed.GetProperty("evalCount").GetInt32());
    }

    private async Task<TsSummary> RunAsync(string scenario)
    {
        var config = JsonSerializer.Serialize(new
        {
            scenario,
            host = $"http://{node.Node.Endpoint("http")}",
            model = Model,
            maxTokens = MaxTokens,
            unknownModel = UnknownModel,
            callMs = (long)Bounds.Concurrent.TotalMilliseconds,
        });
        var summary = await NodeScript.RunAsync("ollama.mjs", config, $"ollama-js scenario {scenario}");
        Assert.True(summary.Json.GetProperty("ok").GetBoolean(), $"{summary}\n--- node log ---\n{node.Log}");
        return summary;
    }
}
