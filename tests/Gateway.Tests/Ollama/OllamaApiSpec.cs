using System.Net;
using Nano.Gateway.Ollama;

namespace Nano.Gateway.Tests.Ollama;

/// <summary>The Ollama-compatible endpoints against the real pool with a simulated model.</summary>
public class OllamaApiSpec(ITestOutputHelper output) : OllamaSpecBase(output)
{
    [Fact]
    public async Task Version_names_nano()
    {
        using var response = await Http.GetAsync("/api/version");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = (string)(await JsonAsync(response))["version"]!;
        Assert.EndsWith("-nano", version);
        Assert.Equal(OllamaApi.Version, version);
    }

    [Fact]
    public async Task Tags_list_the_configured_models_in_ollamas_shape_marked_simulated()
    {
        using var response = await Http.GetAsync("/api/tags");
        var model = Assert.Single((JArray)(await JsonAsync(response))["models"]!);
        Assert.Equal("tiny", (string)model["name"]!);
        Assert.Equal("tiny", (string)model["model"]!);
        Assert.Equal(64, ((string)model["digest"]!).Length);
        Assert.Equal(700L * 1024 * 1024, (long)model["size"]!);
        Assert.True(DateTimeOffset.TryParse((string)model["modified_at"]!, out _));
        var details = (JObject)model["details"]!;
        Assert.Equal("rkllm", (string)details["format"]!);
        Assert.Equal("qwen", (string)details["family"]!);
        Assert.Equal("0.5B", (string)details["parameter_size"]!);
        Assert.Equal("W8A8", (string)details["quantization_level"]!);
        Assert.True((bool)model["nano"]!["simulated"]!);
    }

    [Fact]
    public async Task Ps_lists_a_model_once_a_generate_has_loaded_it()
    {
        using (var before = await Http.GetAsync("/api/ps")) Assert.Empty((JArray)(await JsonAsync(before))["models"]!);
        using (var generate = await PostAsync("/api/generate", new JObject { ["model"] = "tiny", ["prompt"] = "hi", ["stream"] = false }))
            Assert.Equal(HttpStatusCode.OK, generate.StatusCode);
        using var after = await Http.GetAsync("/api/ps");
        var model = Assert.Single((JArray)(await JsonAsync(after))["models"]!);
        Assert.Equal("tiny", (string)model["name"]!);
        Assert.Equal(700L * 1024 * 1024, (long)model["size_vram"]!);
        Assert.True(DateTimeOffset.Parse((string)model["expires_at"]!) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Chat_streams_ndjson_lines_ending_with_done_and_counts()
    {
        var body = new JObject
        {
            ["model"] = "tiny",
            ["messages"] = new JArray(new JObject { ["role"] = "system", ["content"] = "be brief" }, new JObject { ["role"] = "user", ["content"] = "hello" }),
            ["options"] = new JObject { ["temperature"] = 0.5, ["top_k"] = 20, ["num_predict"] = 6, ["seed"] = 42 },
            ["keep_alive"] = "5m",
        };
        using var response = await PostAsync("/api/chat", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = await LinesAsync(response);
        Assert.True(lines.Count >= 3, $"{lines.Count} lines");
        Assert.All(lines[..^1], l =>
        {
            Assert.False((bool)l["done"]!);
            Assert.Equal("assistant", (string)l["message"]!["role"]!);
            Assert.True((bool)l["nano"]!["simulated"]!);
        });
        Assert.NotEmpty(string.Concat(lines[..^1].Select(l => (string)l["message"]!["content"]!)));
        var done = lines[^1];
        Assert.True((bool)done["done"]!);
        Assert.Contains((string)done["done_reason"]!, new[] { "stop", "length" });
        Assert.Equal(lines.Count - 1, (int)done["eval_count"]!);
        Assert.True((int)done["prompt_eval_count"]! > 0);
        Assert.True((long)done["total_duration"]! > 0);
        Assert.True((long)done["eval_duration"]! > 0);
        Assert.True((bool)done["nano"]!["simulated"]!);
    }

    [Fact]
    public async Task Chat_with_stream_false_answers_one_object()
    {
        using var response = await PostAsync("/api/chat", new JObject
        {
            ["model"] = "tiny:latest", ["stream"] = false,
            ["messages"] = new JArray(new JObject { ["role"] = "user", ["content"] = "hello" }),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var done = await JsonAsync(response);
        Assert.True((bool)done["done"]!);
        Assert.NotEmpty((string)done["message"]!["content"]!);
        Assert.True((int)done["eval_count"]! > 0);
    }

    [Fact]
    public async Task Generate_streams_response_pieces_and_a_final_object()
    {
        using var response = await PostAsync("/api/generate", new JObject { ["model"] = "tiny", ["prompt"] = "why is the sky blue?", ["system"] = "be brief" });
        var lines = await LinesAsync(response);
        Assert.True(lines.Count >= 2);
        Assert.NotEmpty(string.Concat(lines[..^1].Select(l => (string)l["response"]!)));
        Assert.True((bool)lines[^1]["done"]!);
        Assert.Equal("", (string)lines[^1]["response"]!);
    }

    [Fact]
    public async Task Generate_without_a_prompt_loads_the_model()
    {
        using var response = await PostAsync("/api/generate", new JObject { ["model"] = "tiny" });
        var done = await JsonAsync(response);
        Assert.Equal("load", (string)done["done_reason"]!);
        using var ps = await Http.GetAsync("/api/ps");
        Assert.Single((JArray)(await JsonAsync(ps))["models"]!);
    }

    [Fact]
    public async Task Embed_returns_one_normalised_vector_per_input()
    {
        using var response = await PostAsync("/api/embed", new JObject { ["model"] = "tiny", ["input"] = new JArray("first text", "second text") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        var embeddings = (JArray)body["embeddings"]!;
        Assert.Equal(2, embeddings.Count);
        var first = embeddings[0].Values<float>().ToArray();
        Assert.NotEmpty(first);
        Assert.Equal(1.0, Math.Sqrt(first.Sum(v => (double)v * v)), 3);
        Assert.True((bool)body["nano"]!["simulated"]!);

        using var single = await PostAsync("/api/embed", new JObject { ["model"] = "tiny", ["input"] = "one" });
        Assert.Single((JArray)(await JsonAsync(single))["embeddings"]!);
    }

    [Theory]
    [InlineData("/api/chat", """{"model":"nope","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/api/generate", """{"model":"nope","prompt":"hi"}""")]
    [InlineData("/api/embed", """{"model":"nope","input":"hi"}""")]
    public async Task An_unknown_model_is_404_with_an_error(string path, string json)
    {
        using var response = await PostAsync(path, json);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", (string)(await JsonAsync(response))["error"]!);
    }

    [Theory]
    [InlineData("/api/chat", "{\"model\":")]
    [InlineData("/api/generate", "[1,2]")]
    [InlineData("/api/embed", "not json")]
    [InlineData("/api/chat", """{"model":"tiny","messages":[{"role":"user","content":"hi"}],"options":{"temperature":"hot"}}""")]
    [InlineData("/api/generate", """{"model":"tiny","prompt":"hi","images":["aGk="]}""")]
    public async Task Bad_requests_are_400_with_an_error(string path, string json)
    {
        using var response = await PostAsync(path, json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((string)(await JsonAsync(response))["error"]!);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var prompt = new string('x', 70 * 1024);
        using var response = await PostAsync("/api/generate", new JObject { ["model"] = "tiny", ["prompt"] = prompt });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotNull((await JsonAsync(response))["error"]);
    }
}
