using System.Net;
using System.Text;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>
/// Random and mutated bodies (FuzzInput, seeded) POSTed to /mcp under every era's headers, and garbage headers on
/// GET and DELETE: nano never fails with a 5xx, always answers a JSON body when it says it does, and keeps serving.
/// </summary>
public class HttpFuzzSpec(ITestOutputHelper output) : HttpSpecBase(output, gateway: new Hosting.GatewaySettings { MaxMessageBytes = 64 * 1024 })
{
    [Fact]
    public async Task Thousands_of_fuzzed_posts_never_break_the_endpoint()
    {
        await Client.InitializeAsync("2025-03-26");
        var session = Client.SessionId!;
        var random = new Random(1234);
        var statuses = new Dictionary<HttpStatusCode, int>();
        foreach (var frame in FuzzInput.Frames(seed: 42, FuzzInput.FrameCount))
        {
            using var response = await Client.PostAsync(new ByteArrayContent(frame), r => Headers(r, random, session));
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{response.StatusCode} for {Encoding.UTF8.GetString(frame)}");
            await CheckBodyAsync(response);
        }
        Output!.WriteLine(string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}")));

        Client.SessionId = session;
        Client.Version = "2025-03-26";
        using var still = await Client.PostAsync(Request("after", "tools/list"));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        using var modern = await Client.PostModernAsync(ModernRequest("after", "tools/list"), r => r.Headers.Remove("Mcp-Session-Id"));
        Assert.Equal(HttpStatusCode.OK, modern.StatusCode);
    }

    [Fact]
    public async Task Garbage_headers_on_get_and_delete_are_refused_cleanly()
    {
        await Client.InitializeAsync();
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var garbage = Convert.ToBase64String(FuzzInput.RandomBytes(random));
            using var get = await Client.GetAsync(lastEventId: i % 2 == 0 ? garbage : $"{random.Next()}-{random.Next()}",
                configure: r => { if (i % 3 == 0) { r.Headers.Remove("Mcp-Session-Id"); r.Headers.Add("Mcp-Session-Id", garbage); } });
            Assert.InRange((int)get.StatusCode, 400, 499);
        }
        using var delete = await Client.DeleteAsync(r => { r.Headers.Remove("Mcp-Session-Id"); r.Headers.Add("Mcp-Session-Id", "x"); });
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        using var still = await Client.PostAsync(Request(1, "tools/list"));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    /// <summary>A random era: no headers, the modern ones (right or wrong), or the legacy session's.</summary>
    private static void Headers(HttpRequestMessage request, Random random, string session)
    {
        request.Headers.Remove("Mcp-Session-Id");
        request.Headers.Remove("MCP-Protocol-Version");
        switch (random.Next(4))
        {
            case 0:
                break;
            case 1:
                request.Headers.Add("MCP-Protocol-Version", Modern);
                request.Headers.Add("Mcp-Method", random.Next(2) == 0 ? "tools/call" : "tools/list");
                request.Headers.Add("Mcp-Name", random.Next(2) == 0 ? "generate" : "=?base64?%%%?=");
                break;
            default:
                request.Headers.Add("Mcp-Session-Id", session);
                request.Headers.Add("MCP-Protocol-Version", "2025-03-26");
                break;
        }
        if (random.Next(5) == 0)
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd(random.Next(2) == 0 ? "application/json" : "text/event-stream");
        }
    }

    /// <summary>JSON bodies parse; SSE bodies are events of JSON messages.</summary>
    private static async Task CheckBodyAsync(HttpResponseMessage response)
    {
        switch (response.Content.Headers.ContentType?.MediaType)
        {
            case "application/json":
                JToken.Parse(await response.Content.ReadAsStringAsync());
                break;
            case "text/event-stream":
                await MessagesAsync(response);
                break;
            default:
                Assert.Empty(await response.Content.ReadAsByteArrayAsync());
                break;
        }
    }
}
