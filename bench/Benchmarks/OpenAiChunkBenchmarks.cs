using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Nano.Actors.Protocol;
using Nano.Benchmarks.Support;
using Nano.Gateway.OpenAi.Internal;
using Nano.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Benchmarks;

/// <summary>
/// The OpenAI SSE event written per streamed token, and the whole chat.completion of a non-streamed request: as the
/// gateway built them before (a JObject tree, serialized to a string, then encoded; kept here as the baseline) and as
/// it writes them now (<see cref="Responses"/>: a cached prefix, the escaped text and a suffix, into the buffer).
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class OpenAiChunkBenchmarks
{
    private const string Token = " tide";
    private const string Text = "Waves fold into foam,\nsalt wind carries gull voices —\nthe tide keeps its time.";
    private readonly ArrayBufferWriter<byte> output = new(4096);
    private readonly Usage usage = new(12, 21);
    private OpenAiRequest request = null!;
    private Responses responses = null!;

    [GlobalSetup]
    public void Setup()
    {
        request = new OpenAiRequest { Model = "zero", Input = new RkllmPromptInput("hi"), Chat = true, Stream = true };
        responses = new Responses(request, "http-1f-42") { Simulated = true };
    }

    [Benchmark(Baseline = true)]
    public byte[] TokenEventTree() => Encoding.UTF8.GetBytes($"data: {TreeChunk(Token).ToString(Formatting.None)}\n\n");

    [Benchmark]
    public int TokenEventWriter()
    {
        output.ResetWrittenCount();
        Sse.Open(output);
        responses.TextChunk(output, Token);
        Sse.Close(output);
        return output.WrittenCount;
    }

    [Benchmark]
    public byte[] WholeResponseTree() => Encoding.UTF8.GetBytes(TreeComplete(Text).ToString(Formatting.None));

    [Benchmark]
    public int WholeResponseWriter()
    {
        output.ResetWrittenCount();
        responses.Complete(output, Text, [], "stop", usage);
        return output.WrittenCount;
    }

    // The trees of the old Responses (commit 5cbdadb), chat shape, origin not yet known.
    private JObject TreeChunk(string text)
    {
        var json = Envelope("chat.completion.chunk");
        json["choices"] = new JArray(new JObject
        {
            ["index"] = 0, ["delta"] = new JObject { ["content"] = text }, ["logprobs"] = null, ["finish_reason"] = null,
        });
        return json;
    }

    private JObject TreeComplete(string text)
    {
        var json = Envelope("chat.completion");
        json["choices"] = new JArray(new JObject
        {
            ["index"] = 0, ["message"] = new JObject { ["role"] = "assistant", ["content"] = text }, ["logprobs"] = null, ["finish_reason"] = "stop",
        });
        json["usage"] = new JObject { ["prompt_tokens"] = usage.PromptTokens, ["completion_tokens"] = usage.CompletionTokens, ["total_tokens"] = usage.TotalTokens };
        return json;
    }

    private JObject Envelope(string kind) => new()
    {
        ["id"] = responses.Id,
        ["object"] = kind,
        ["created"] = responses.Created,
        ["model"] = request.Model,
        ["system_fingerprint"] = "nano-simulated",
        ["nano"] = new JObject { ["simulated"] = true, ["request_id"] = "http-1f-42" },
    };
}
