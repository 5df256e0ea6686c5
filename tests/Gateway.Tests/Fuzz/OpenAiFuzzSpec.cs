using System.Net;
using System.Text;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// /v1/chat/completions, /v1/completions and /v1/embeddings under fuzz: every body gets an OpenAI-shaped answer —
/// the object (or an SSE stream of chunks ending in [DONE]) on 200, {"error":{message,type,...}} otherwise, never
/// an unhandled 500 — and a real chat completion still works afterwards.
/// </summary>
[Collection(FuzzCollection.Name)]
public class OpenAiFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    private static readonly (string Path, string[] Corpus)[] Endpoints =
    [
        ("v1/chat/completions", FrameCorpus.OpenAiChat), ("v1/completions", FrameCorpus.OpenAiCompletion), ("v1/embeddings", FrameCorpus.OpenAiEmbedding),
    ];

    [Fact]
    public async Task Every_fuzzed_body_gets_an_openai_shaped_answer_and_the_api_still_serves()
    {
        using var fuzz = new HttpFuzz(node, output, "openai");
        var per = (FuzzRun.Frames + Endpoints.Length - 1) / Endpoints.Length;
        var bodies = Endpoints.SelectMany(e => FuzzRun.Sample(ApiBodyGen.Body(e.Corpus), per, $"openai {e.Path}").Select(b => (e.Path, Body: b))).ToArray();
        var random = new Random(FuzzRun.Seed);
        var cross = bodies.Select(_ => random.Next(30)).ToArray();

        await fuzz.RunAsync(bodies.Length, i =>
        {
            // Now and then a body goes to another endpoint than its own.
            var path = cross[i] == 0 ? Endpoints[i % Endpoints.Length].Path : bodies[i].Path;
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bodies[i].Body) };
            if (cross[i] != 1) request.Content.Headers.TryAddWithoutValidation("Content-Type", cross[i] == 2 ? "text/plain" : "application/json");
            return request;
        }, (_, response) => CheckAsync(response));

        using var chat = await fuzz.Http.PostAsync("v1/chat/completions", new StringContent(
            """{"model":"probe","messages":[{"role":"user","content":"still there?"}],"max_tokens":4}""", Encoding.UTF8, "application/json"));
        var answer = JObject.Parse(await chat.Content.ReadAsStringAsync());
        Assert.True(chat.StatusCode == HttpStatusCode.OK && (string?)answer["choices"]?[0]?["message"]?["content"] is { Length: > 0 },
            FuzzRun.Replay($"a chat completion after the fuzz answered {(int)chat.StatusCode} {answer}"));
        await fuzz.AssertCleanAsync();
    }

    private static async Task<string?> CheckAsync(HttpResponseMessage response)
    {
        // A 5xx is fine only as a handled error in OpenAI's shape (the zero runtime has no hidden layer to embed,
        // a queue may be full); an unhandled exception answers 500 with no body, and the node logs it.
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.OK && HttpFuzz.IsEventStream(response))
        {
            var events = await HttpFuzz.EventsAsync(response);
            if (events.Count == 0 || events[^1] != "[DONE]") return $"a stream not ending in [DONE]: {AnswerLedger.Shorten(string.Join(" | ", events))}";
            foreach (var data in events.SkipLast(1))
                if (!IsObject(data, out var chunk) || (chunk["object"] is null && chunk["error"] is null))
                    return $"a stream event that is no chunk: {AnswerLedger.Shorten(data)}";
            return null;
        }
        var body = await HttpFuzz.BodyAsync(response);
        if (!HttpFuzz.IsJson(response) || !IsObject(body, out var json)) return $"status {status}, {response.Content.Headers.ContentType}: {AnswerLedger.Shorten(body)}";
        if (response.StatusCode == HttpStatusCode.OK)
            return json["object"]?.Type == JTokenType.String ? null : $"200 without an object type: {AnswerLedger.Shorten(body)}";
        return json["error"] is JObject { } error && error["message"]?.Type == JTokenType.String && error["type"]?.Type == JTokenType.String
            ? null
            : $"status {status} without an OpenAI error: {AnswerLedger.Shorten(body)}";
    }

    private static bool IsObject(string text, out JObject json)
    {
        try
        {
            json = JObject.Parse(text);
            return true;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            json = [];
            return false;
        }
    }
}
