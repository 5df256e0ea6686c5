using System.Text;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc.Internal;
using Nano.Gateway.OpenAi.Internal;
using Nano.Runtime;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>
/// The OpenAI objects written as UTF-8 (a cached prefix, the escaped text and a suffix per token) must be byte for
/// byte what the JObject trees serialized by Newtonsoft gave before: <see cref="TreeResponses"/> is that code, kept
/// here as the reference. Every chunk shape, both endpoints, with and without include_usage, before and after the
/// run's origin is known, over texts that need escaping.
/// </summary>
public class ResponsesWriterSpec
{
    public static readonly string[] Texts =
    [
        "", "x", " token", "Hello, world!", "line one\nline two\r\n\ttabbed", "quote \" backslash \\ slash /",
        "control \u0000 \u0001 \b \f \u001f \u007f", "é 漢字 😀", "lone \ud800 surrogate", "\udc00", "pair split \ud83d\n\ude00",
        "\u0085 next line \u2028 line \u2029 paragraph", "</script> & <b> 'single'", "{\"json\": [1, 2]}", new string('a', 5000),
    ];

    private static readonly ToolCall[] Calls =
    [
        new("call_1a", "get_weather", """{"city":"Paris","unit":"c"}"""),
        new("call_\"2\"", "na\nme", "{\"q\":\"line\\nbreak \u2028\"}"),
    ];

    public static TheoryData<bool, bool> Shapes() => new() { { true, false }, { true, true }, { false, false }, { false, true } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Text_chunks_equal_the_serialized_tree(bool chat, bool includeUsage)
    {
        foreach (var (written, tree) in Pairs(chat, includeUsage))
            foreach (var text in Texts)
            {
                Assert.Equal(tree.Chunk(text), Write(w => written.TextChunk(w, text)));
                Assert.Equal(tree.Chunk(text), Write(w => written.Chunk(w, text)));
            }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void First_tool_call_finish_and_usage_chunks_equal_the_serialized_tree(bool chat, bool includeUsage)
    {
        var usage = new Usage(12, 34);
        foreach (var (written, tree) in Pairs(chat, includeUsage))
        {
            Assert.Equal(tree.Chunk("", first: true), Write(w => written.Chunk(w, "", first: true)));
            Assert.Equal(tree.Chunk(null, finish: "stop"), Write(w => written.Chunk(w, null, finish: "stop")));
            Assert.Equal(tree.Chunk(null, finish: "tool_calls"), Write(w => written.Chunk(w, null, finish: "tool_calls")));
            Assert.Equal(tree.Chunk(null, [Calls[1]], callIndex: 3), Write(w => written.Chunk(w, null, [Calls[1]], callIndex: 3)));
            Assert.Equal(tree.Chunk(null, Calls), Write(w => written.Chunk(w, null, Calls)));
            Assert.Equal(tree.Chunk("t", Calls, "length", first: true), Write(w => written.Chunk(w, "t", Calls, "length", first: true)));
            Assert.Equal(tree.UsageChunk(usage), Write(w => written.UsageChunk(w, usage)));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Whole_responses_equal_the_serialized_tree(bool chat, bool includeUsage)
    {
        var usage = new Usage(int.MaxValue, 0);
        foreach (var (written, tree) in Pairs(chat, includeUsage))
            foreach (var text in Texts)
                foreach (var calls in new[] { [], Calls })
                    Assert.Equal(tree.Complete(text, calls, "length", usage), Write(w => written.Complete(w, text, calls, "length", usage)));
    }

    [Fact]
    public void A_text_chunk_parses_back_to_its_text()
    {
        var (written, _) = Pairs(chat: true, includeUsage: false).First();
        foreach (var text in Texts.Where(t => !t.Any(char.IsSurrogate)))
            Assert.Equal(text, (string?)JObject.Parse(Write(w => written.TextChunk(w, text)))["choices"]![0]!["delta"]!["content"]);
    }

    [Fact]
    public void The_cached_prefix_follows_the_origin_once_it_is_known()
    {
        var (written, tree) = Pairs(chat: true, includeUsage: false).First();
        var before = Write(w => written.TextChunk(w, "a"));
        var origin = new RunOrigin("node-\"7\"", "m", 1, "emulator", Simulated: false);
        (written.Simulated, written.Origin, tree.Simulated, tree.Origin) = (false, origin, false, origin);
        var after = Write(w => written.TextChunk(w, "a"));
        Assert.Equal(tree.Chunk("a"), after);
        Assert.NotEqual(before, after);
        Assert.Equal("node-\"7\"", (string?)JObject.Parse(after)["nano"]!["node"]);
    }

    /// <summary>Writer and reference over the same request and clock; unknown, simulated and real origins.</summary>
    private static IEnumerable<(Responses Written, TreeResponses Tree)> Pairs(bool chat, bool includeUsage)
    {
        var request = new OpenAiRequest
        {
            Model = "qwen \"2.5\"\n",
            Input = new RkllmPromptInput("hi"),
            Chat = chat,
            Stream = true,
            IncludeUsage = includeUsage,
        };
        var origins = new (bool?, RunOrigin?)[]
        {
            (null, null), (true, null), (true, new RunOrigin("node-1", "qwen", 2, "sim", true)),
            (false, new RunOrigin("n\u2028ode", "qwen", 3, "native \"vendor\"", false)),
        };
        foreach (var (simulated, origin) in origins)
        {
            var written = new Responses(request, "http-1f-42") { Simulated = simulated, Origin = origin };
            yield return (written, new TreeResponses(request, "http-1f-42", written.Created) { Simulated = simulated, Origin = origin });
        }
    }

    private static string Write(Action<PooledBufferWriter> write)
    {
        using var buffer = new PooledBufferWriter(64);
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The JObject trees the gateway built before (commit 5cbdadb), serialized as it did.</summary>
    private sealed class TreeResponses(OpenAiRequest request, string requestId, long created)
    {
        public bool? Simulated { get; set; }
        public RunOrigin? Origin { get; set; }
        private string Id => (request.Chat ? "chatcmpl-" : "cmpl-") + requestId;

        public string Complete(string text, IReadOnlyList<ToolCall> calls, string finish, Usage usage)
        {
            JObject choice;
            if (request.Chat)
            {
                var message = new JObject { ["role"] = "assistant", ["content"] = calls.Count > 0 && text.Length == 0 ? null : text };
                if (calls.Count > 0) message["tool_calls"] = new JArray(calls.Select(c => ToJson(c)));
                choice = new JObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finish };
            }
            else choice = new JObject { ["index"] = 0, ["text"] = text, ["logprobs"] = null, ["finish_reason"] = finish };
            var json = Envelope(request.Chat ? "chat.completion" : "text_completion");
            json["choices"] = new JArray(choice);
            json["usage"] = UsageJson(usage);
            return Serialize(json);
        }

        public string Chunk(string? text, IReadOnlyList<ToolCall>? calls = null, string? finish = null, bool first = false, int callIndex = 0)
        {
            JObject choice;
            if (request.Chat)
            {
                var delta = new JObject();
                if (first) delta["role"] = "assistant";
                if (text is not null) delta["content"] = text;
                if (calls is { Count: > 0 }) delta["tool_calls"] = new JArray(calls.Select((c, i) => ToJson(c, callIndex + i)));
                choice = new JObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish };
            }
            else choice = new JObject { ["index"] = 0, ["text"] = text ?? "", ["logprobs"] = null, ["finish_reason"] = finish };
            var json = Envelope(request.Chat ? "chat.completion.chunk" : "text_completion");
            json["choices"] = new JArray(choice);
            if (request.IncludeUsage) json["usage"] = null;
            return Serialize(json);
        }

        public string UsageChunk(Usage usage)
        {
            var json = Envelope(request.Chat ? "chat.completion.chunk" : "text_completion");
            json["choices"] = new JArray();
            json["usage"] = UsageJson(usage);
            return Serialize(json);
        }

        private JObject Envelope(string kind)
        {
            var json = new JObject
            {
                ["id"] = Id,
                ["object"] = kind,
                ["created"] = created,
                ["model"] = request.Model,
                ["system_fingerprint"] = Simulated == true ? "nano-simulated" : "nano",
            };
            var nano = new JObject { ["simulated"] = Simulated, ["request_id"] = requestId };
            if (Origin is { } origin)
            {
                nano["node"] = origin.Node;
                nano["runtime"] = origin.Runtime;
            }
            json["nano"] = nano;
            return json;
        }

        private static JObject ToJson(ToolCall call, int? index = null)
        {
            var json = new JObject();
            if (index is { } i) json["index"] = i;
            json["id"] = call.Id;
            json["type"] = "function";
            json["function"] = new JObject { ["name"] = call.Name, ["arguments"] = call.Arguments };
            return json;
        }

        private static JObject UsageJson(Usage usage) => new()
        {
            ["prompt_tokens"] = usage.PromptTokens,
            ["completion_tokens"] = usage.CompletionTokens,
            ["total_tokens"] = usage.TotalTokens,
        };

        /// <summary>As the old Sse.WriteAsync sent it: the string, encoded as UTF-8 (lone surrogates become U+FFFD).</summary>
        private static string Serialize(JObject json) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(json.ToString(Formatting.None)));
    }
}
