using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// /mcp under fuzz: the run's frames POSTed with random content types, Accept headers, session ids (the live one,
/// unknown ones, none), protocol-version and Mcp-Method/Mcp-Name headers and Origins; GET, DELETE and other methods
/// between them. Every answer is a JSON-RPC message (or 202 with no body) carrying the request's id.
/// </summary>
[Collection(FuzzCollection.Name)]
public class StreamableHttpFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    private static readonly string[] ContentTypes = ["application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain", "", "application/x-www-form-urlencoded", "application/json;;=", "\u0001"];
    private static readonly string[] Accepts = ["application/json, text/event-stream", "application/json, text/event-stream", "application/json, text/event-stream", "application/json", "text/event-stream", "*/*", "", "text/html;q=abc"];
    private static readonly string[] Versions = ["", "", "2025-03-26", "2026-07-28", "2025-11-25", "1999-01-01", "2026-07-28 x"];

    [Fact]
    public async Task Every_fuzzed_request_gets_a_spec_shaped_answer_and_the_endpoint_still_serves()
    {
        using var fuzz = new HttpFuzz(node, output, "http");
        var session = await InitializeAsync(fuzz.Http, "2025-03-26");
        var frames = McpFrames.Sample("http", FuzzNode.MaxMessageBytes);
        var oracle = new FrameOracle(node.Context.Codec);
        var random = new Random(FuzzRun.Seed);
        var plans = frames.Select(_ => (Variant: random.Next(1_000_000), Extra: random.Next(1_000_000))).ToArray();

        await fuzz.RunAsync(frames.Length, i => Request(frames[i], plans[i].Variant, plans[i].Extra, session),
            (i, response) => CheckAsync(response, oracle.ForMessage(frames[i])));

        // The same session, a fresh one, and a stateless modern request all still work.
        await GenerateAsync(fuzz.Http, session, "same");
        await GenerateAsync(fuzz.Http, await InitializeAsync(fuzz.Http, "2025-11-25"), "fresh");
        using var modern = await fuzz.Http.SendAsync(Post("""{"jsonrpc":"2.0","id":"modern","method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
            r => { r.Headers.Add("MCP-Protocol-Version", "2026-07-28"); r.Headers.Add("Mcp-Method", "tools/list"); }));
        Assert.Equal(HttpStatusCode.OK, modern.StatusCode);
        await fuzz.AssertCleanAsync();
    }

    [Theory]
    [InlineData("7", "")]
    [InlineData("[]", "2026-07-28")]
    [InlineData("\"x\"", "2026-07-28")]
    public async Task A_meta_that_is_not_an_object_is_refused_not_a_server_error(string meta, string version)
    {
        // Found by the fuzz run: indexing a non-object _meta threw inside the POST handler (500).
        using var fuzz = new HttpFuzz(node, output, "http-meta");
        using var response = await fuzz.Http.SendAsync(Post($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{{\"_meta\":{meta}}}}}", r =>
        {
            if (version.Length > 0) r.Headers.Add("MCP-Protocol-Version", version);
        }));
        Assert.InRange((int)response.StatusCode, 200, 499);
        var body = HttpFuzz.IsEventStream(response) ? (await HttpFuzz.EventsAsync(response)).Last() : await HttpFuzz.BodyAsync(response);
        Assert.Equal(1, (int?)JObject.Parse(body)["id"]);
    }

    private HttpRequestMessage Request(byte[] frame, int variant, int extra, string session)
    {
        var method = (variant % 50) switch
        {
            0 => HttpMethod.Get,
            1 => HttpMethod.Delete,
            2 => HttpMethod.Put,
            _ => HttpMethod.Post,
        };
        var request = new HttpRequestMessage(method, "mcp");
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(frame);
            var type = extra % 20 < 15 ? "application/json" : ContentTypes[extra % ContentTypes.Length];
            if (type.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        var accept = (extra / 7) % 10 < 8 ? Accepts[0] : Accepts[(extra / 7) % Accepts.Length];
        if (accept.Length > 0) request.Headers.TryAddWithoutValidation("Accept", accept);
        switch ((extra / 61) % 6)
        {
            case 0 or 1 or 2:
                // The live session only on POST: a GET would open its stream, a DELETE would end it.
                if (method == HttpMethod.Post) request.Headers.Add("Mcp-Session-Id", session);
                break;
            case 3:
                request.Headers.Add("Mcp-Session-Id", Guid.NewGuid().ToString("N"));
                break;
            case 4:
                request.Headers.TryAddWithoutValidation("Mcp-Session-Id", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{extra}+/=")));
                break;
        }
        var version = Versions[(extra / 367) % Versions.Length];
        if (version.Length > 0) request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
        if ((extra / 2203) % 4 == 0)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Method", (extra & 1) == 0 ? "tools/call" : "ping");
            request.Headers.TryAddWithoutValidation("Mcp-Name", (extra & 2) == 0 ? "generate" : "=?base64?%%%?=");
        }
        if (method == HttpMethod.Get) request.Headers.TryAddWithoutValidation("Last-Event-ID", $"{extra}-{variant}");
        if ((extra / 13_001) % 40 == 0) request.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        return request;
    }

    /// <summary>JSON: one message or a batch, errors well formed, the request's id echoed; SSE: events of such messages; else no body.</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response, Expected owed)
    {
        if ((int)response.StatusCode >= 500) return $"status {(int)response.StatusCode}: {AnswerLedger.Shorten(await HttpFuzz.BodyAsync(response))}";
        var shapes = new AnswerLedger();
        List<JToken> messages = [];
        if (HttpFuzz.IsJson(response) || HttpFuzz.IsEventStream(response))
        {
            var texts = HttpFuzz.IsJson(response) ? [await HttpFuzz.BodyAsync(response)] : await HttpFuzz.EventsAsync(response);
            foreach (var text in texts.Where(t => t.Length > 0))
            {
                try
                {
                    var token = JToken.Parse(text);
                    messages.Add(token);
                    shapes.Receive(token);
                }
                catch (Newtonsoft.Json.JsonException)
                {
                    return $"status {(int)response.StatusCode}, a body that is not JSON: {AnswerLedger.Shorten(text)}";
                }
            }
        }
        else
        {
            var body = await HttpFuzz.BodyAsync(response);
            if (body.Length > 0) return $"status {(int)response.StatusCode}, {response.Content.Headers.ContentType}: {AnswerLedger.Shorten(body)}";
        }
        if (shapes.Violations() is { Count: > 0 } violations) return string.Join("; ", violations);
        // A request answered at all is answered under its own id (or null, when the transport refused the frame).
        if (owed is Expected.Answer { IdKey: var id } && id != "null" && response.StatusCode == HttpStatusCode.OK)
        {
            var answers = messages.OfType<JObject>().Where(m => m.ContainsKey("result") || m.ContainsKey("error")).ToList();
            if (answers.Count != 1 || Key(answers[0]["id"]) != id) return $"expected one answer with id {id}, got {AnswerLedger.Shorten(new JArray(messages))}";
        }
        if (response.StatusCode == HttpStatusCode.Accepted && messages.Count > 0) return $"202 with a body {AnswerLedger.Shorten(new JArray(messages))}";
        return null;
    }

    private static string Key(JToken? id) => id?.Type switch
    {
        JTokenType.String => Newtonsoft.Json.JsonConvert.ToString((string)id!),
        JTokenType.Integer => id.ToString(Newtonsoft.Json.Formatting.None),
        _ => "null",
    };

    private static HttpRequestMessage Post(string body, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        configure?.Invoke(request);
        return request;
    }

    private static async Task<string> InitializeAsync(HttpClient http, string version)
    {
        using var response = await http.SendAsync(Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version +
            "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = response.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await http.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", r =>
        {
            r.Headers.Add("Mcp-Session-Id", session);
            r.Headers.Add("MCP-Protocol-Version", version);
        }));
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        return session;
    }

    private static async Task GenerateAsync(HttpClient http, string session, string tag)
    {
        using var response = await http.SendAsync(Post("{\"jsonrpc\":\"2.0\",\"id\":\"" + tag +
            "\",\"method\":\"tools/call\",\"params\":{\"name\":\"generate\",\"arguments\":{\"model\":\"probe\",\"prompt\":\"still there?\",\"max_tokens\":4}}}",
            r => r.Headers.Add("Mcp-Session-Id", session)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = HttpFuzz.IsEventStream(response) ? (await HttpFuzz.EventsAsync(response)).Last() : await HttpFuzz.BodyAsync(response);
        var answer = JObject.Parse(body);
        Assert.True(tag == (string?)answer["id"] && (bool?)answer["result"]?["isError"] == false, FuzzRun.Replay($"{tag}: generate after the fuzz answered {answer}"));
    }
}
