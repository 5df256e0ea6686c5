using System.Net;
using System.Text;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// /api/chat and /api/generate under fuzz: every body gets an Ollama-shaped answer — a JSON object or NDJSON lines
/// of objects on 200, {"error": "..."} otherwise, never an unhandled 500 — and a real chat still works afterwards.
/// </summary>
[Collection(FuzzCollection.Name)]
public class OllamaFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    private static readonly (string Path, string[] Corpus)[] Endpoints = [("api/chat", FrameCorpus.OllamaChat), ("api/generate", FrameCorpus.OllamaGenerate)];

    [Fact]
    public async Task Every_fuzzed_body_gets_an_ollama_shaped_answer_and_the_api_still_serves()
    {
        using var fuzz = new HttpFuzz(node, output, "ollama");
        var per = (FuzzRun.Frames + Endpoints.Length - 1) / Endpoints.Length;
        var bodies = Endpoints.SelectMany(e => FuzzRun.Sample(ApiBodyGen.Body(e.Corpus), per, $"ollama {e.Path}").Select(b => (e.Path, Body: b))).ToArray();

        await fuzz.RunAsync(bodies.Length, i => new HttpRequestMessage(HttpMethod.Post, i % 29 == 0 ? "api/embed" : bodies[i].Path)
        {
            Content = new ByteArrayContent(bodies[i].Body),
        }, (_, response) => CheckAsync(response));

        using var chat = await fuzz.Http.PostAsync("api/chat", new StringContent(
            """{"model":"probe","messages":[{"role":"user","content":"still there?"}],"stream":false,"options":{"num_predict":4}}""", Encoding.UTF8, "application/json"));
        var answer = JObject.Parse(await chat.Content.ReadAsStringAsync());
        Assert.True(chat.StatusCode == HttpStatusCode.OK && (string?)answer["message"]?["content"] is { Length: > 0 } && (bool?)answer["done"] == true,
            FuzzRun.Replay($"a chat after the fuzz answered {(int)chat.StatusCode} {answer}"));
        await fuzz.AssertCleanAsync();
    }

    /// <summary>Each line an object; a stream's last line done (or an error); errors {"error": string}.</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await HttpFuzz.BodyAsync(response);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return $"status {status} with no body";
        var objects = new List<JObject>();
        foreach (var line in lines)
        {
            try
            {
                objects.Add(JObject.Parse(line));
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return $"status {status}, a line that is no JSON object: {AnswerLedger.Shorten(line)}";
            }
        }
        if (response.StatusCode != HttpStatusCode.OK)
            return objects.Count == 1 && objects[0]["error"]?.Type == JTokenType.String ? null : $"status {status} without an Ollama error: {AnswerLedger.Shorten(body)}";
        var last = objects[^1];
        return (bool?)last["done"] == true || last["error"]?.Type == JTokenType.String || last["embeddings"] is JArray
            ? null
            : $"200 whose last line is neither done nor an error: {AnswerLedger.Shorten(body)}";
    }
}
