using System.Net;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>The wire details clients rely on: SSE framing, usage chunk, stop sequences, completions, embeddings, simulated marks.</summary>
public class OpenAiWireSpec(ITestOutputHelper output) : OpenAiSpecBase(output)
{
    [Fact]
    public async Task A_stream_is_data_lines_ending_with_DONE_and_a_usage_chunk_when_asked()
    {
        using var response = await PostAsync("v1/chat/completions", Chat("tiny", 5, stream: true, extra: ""","stream_options":{"include_usage":true}"""));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JObject.Parse(e["data: ".Length..])).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.All(chunks, c => Assert.Equal("nano-simulated", (string?)c["system_fingerprint"]));
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Equal("length", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        Assert.Empty((JArray)chunks[^1]["choices"]!);
        Assert.Equal(5, (int)chunks[^1]["usage"]!["completion_tokens"]!);
        Assert.True((bool)chunks[^1]["nano"]!["simulated"]!);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_text_before_it_with_finish_reason_stop()
    {
        using var first = await PostAsync("v1/completions", """{"model":"tiny","prompt":"Once upon a time","max_tokens":30,"temperature":0}""");
        var whole = JObject.Parse(await first.Content.ReadAsStringAsync());
        var text = (string)whole["choices"]![0]!["text"]!;
        Assert.Equal("text_completion", (string?)whole["object"]);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length > 4, text);
        var stop = words[3];
        var expected = text[..text.IndexOf(stop, StringComparison.Ordinal)];

        using var stopped = await PostAsync("v1/completions", $$"""{"model":"tiny","prompt":"Once upon a time","max_tokens":30,"temperature":0,"stop":["{{stop}}"]}""");
        var answer = JObject.Parse(await stopped.Content.ReadAsStringAsync());
        Assert.Equal(expected, (string?)answer["choices"]![0]!["text"]);
        Assert.Equal("stop", (string?)answer["choices"]![0]!["finish_reason"]);
        await AwaitAssertAsync(async () => Assert.Equal(0, (await LoadAsync()).Active), Bounded, TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Embeddings_are_one_vector_per_input()
    {
        using var response = await PostAsync("v1/embeddings", """{"model":"tiny","input":["one","two words"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        var data = (JArray)body["data"]!;
        Assert.Equal(2, data.Count);
        var width = ((JArray)data[0]!["embedding"]!).Count;
        Assert.True(width > 0);
        Assert.Equal(width, ((JArray)data[1]!["embedding"]!).Count);
        Assert.Equal(1, (int)data[1]!["index"]!);
        Assert.True((bool)body["nano"]!["simulated"]!);
    }

    [Fact]
    public async Task The_model_list_marks_simulated_models()
    {
        var body = JObject.Parse(await Http.GetStringAsync(new Uri(BaseUri, "v1/models")));
        Assert.Equal("list", (string?)body["object"]);
        Assert.All((JArray)body["data"]!, m => Assert.True((bool)m["nano"]!["simulated"]!));
    }

    [Fact]
    public async Task Function_tools_are_set_on_the_handle_and_tool_messages_run_as_the_tool_role()
    {
        const string tools = ""","tools":[{"type":"function","function":{"name":"get_board_temperature","parameters":{"type":"object"}}}]""";
        var body = """{"model":"tiny","max_tokens":3,"messages":[{"role":"user","content":"temp?"},""" +
                   """{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_board_temperature","arguments":"{}"}}]},""" +
                   """{"role":"tool","tool_call_id":"c1","content":"41.5"}]""" + tools + "}";
        using var response = await PostAsync("v1/chat/completions", body);
        var answer = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        Assert.Equal("length", (string?)answer["choices"]![0]!["finish_reason"]);

        using var badTools = await PostAsync("v1/chat/completions", Chat("tiny", 3, extra: ""","tools":[{"type":"function"}]"""));
        await ErrorAsync(badTools, HttpStatusCode.BadRequest);
    }
}
