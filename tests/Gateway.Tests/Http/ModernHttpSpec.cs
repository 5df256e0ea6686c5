using System.Net;
using System.Text;
using Nano.Actors.Protocol;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>
/// Streamable HTTP of 2026-07-28: stateless POSTs whose mirrored headers must agree with the body, POST only, and a
/// request's stream closing cancels it.
/// </summary>
public class ModernHttpSpec(ITestOutputHelper output) : HttpSpecBase(output)
{
    [Fact]
    public async Task Server_discover_answers_without_any_session_and_lists_both_eras()
    {
        using var response = await Client.PostModernAsync(ModernRequest(1, "server/discover"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        var result = (await JsonAsync(response))["result"]!;
        Assert.Contains("2026-07-28", result["supportedVersions"]!.Values<string>());
        Assert.Contains("2025-11-25", result["supportedVersions"]!.Values<string>());
    }

    [Fact]
    public async Task Tools_list_is_a_plain_json_answer_with_result_type()
    {
        using var response = await Client.PostModernAsync(ModernRequest("a", "tools/list"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await JsonAsync(response);
        Assert.Equal("a", (string?)answer["id"]);
        Assert.Equal("complete", (string?)answer["result"]!["resultType"]);
    }

    [Fact]
    public async Task Generate_with_progress_streams_progress_then_the_result_and_the_stream_ends()
    {
        using var response = await Client.PostModernAsync(Generate(3, maxTokens: 4, progressToken: "tok", modern: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no", Assert.Single(response.Headers.GetValues("X-Accel-Buffering")));
        var messages = (await MessagesAsync(response)).Select(m => m.Message).ToList();
        Assert.Equal(5, messages.Count);
        Assert.All(messages.Take(4), m => Assert.Equal("tok", (string?)m["params"]!["progressToken"]));
        Assert.Equal([1, 2, 3, 4], messages.Take(4).Select(m => (int)m["params"]!["progress"]!));
        Assert.Equal(3, (int)messages[4]["id"]!);
        Assert.Equal("complete", (string?)messages[4]["result"]!["resultType"]);
        Assert.All(await MessagesAsync(await Client.PostModernAsync(Generate(4, progressToken: "t", modern: true))), m => Assert.Null(m.Id));
    }

    [Fact]
    public async Task Closing_the_stream_of_a_running_request_cancels_it()
    {
        using (var response = await Client.PostModernAsync(Generate(4, prompt: "hold", progressToken: 1, modern: true)))
        {
            await using var events = EventsAsync(response).GetAsyncEnumerator();
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("notifications/progress", (string?)JObject.Parse(events.Current.Data)["method"]);
        }
        var run = await NextRunAsync();
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
    }

    [Fact]
    public async Task Abandoning_a_request_waiting_for_its_json_answer_cancels_it()
    {
        using var gone = new CancellationTokenSource();
        var call = Client.PostModernAsync(Generate(5, prompt: "hold", modern: true), ct: gone.Token);
        var run = await NextRunAsync();
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
    }

    [Theory]
    [InlineData("Mcp-Method", "tools/list")]
    [InlineData("Mcp-Name", "embeddings")]
    [InlineData("MCP-Protocol-Version", "2025-11-25")]
    public async Task A_header_that_disagrees_with_the_body_is_400_header_mismatch(string header, string value)
    {
        using var response = await Client.PostModernAsync(Generate(6, modern: true), r =>
        {
            r.Headers.Remove(header);
            r.Headers.Add(header, value);
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal(6, (int)error["id"]!);
        Assert.Equal(-32020, (int)error["error"]!["code"]!);
        Assert.Contains(header, (string?)error["error"]!["message"], StringComparison.OrdinalIgnoreCase);
        await Accepted.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Theory]
    [InlineData("Mcp-Method")]
    [InlineData("Mcp-Name")]
    [InlineData("MCP-Protocol-Version")]
    public async Task A_missing_mirrored_header_is_400_header_mismatch(string header)
    {
        using var response = await Client.PostModernAsync(Generate(7, modern: true), r => r.Headers.Remove(header));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int)(await JsonAsync(response))["error"]!["code"]!);
    }

    [Fact]
    public async Task A_base64_encoded_mcp_name_is_decoded_before_comparing()
    {
        var encoded = "=?base64?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("generate")) + "?=";
        using var response = await Client.PostModernAsync(Generate(8, modern: true), r =>
        {
            r.Headers.Remove("Mcp-Name");
            r.Headers.Add("Mcp-Name", encoded);
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, (int)(await JsonAsync(response))["id"]!);
    }

    [Fact]
    public async Task An_unsupported_version_is_400_with_the_supported_versions_for_the_client_to_retry()
    {
        var request = ModernRequest(1, "server/discover");
        request["params"]!["_meta"]!["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
        using var response = await Client.PostModernAsync(request, r =>
        {
            r.Headers.Remove("MCP-Protocol-Version");
            r.Headers.Add("MCP-Protocol-Version", "2099-01-01");
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonAsync(response))["error"]!;
        Assert.Equal(-32022, (int)error["code"]!);
        Assert.Equal("2026-07-28", (string?)error["data"]!["supported"]![0]);
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("no/such/method")]
    public async Task A_method_this_revision_does_not_have_is_404_with_method_not_found(string method)
    {
        using var response = await Client.PostModernAsync(ModernRequest(2, method));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(-32601, (int)(await JsonAsync(response))["error"]!["code"]!);
    }

    [Fact]
    public async Task Get_and_delete_are_405_allowing_post_only()
    {
        using var get = await Client.GetAsync(configure: r => r.Headers.Add("MCP-Protocol-Version", Modern));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Contains("POST", get.Content.Headers.Allow);
        using var delete = await Client.DeleteAsync(r => r.Headers.Add("MCP-Protocol-Version", Modern));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
    }

    [Fact]
    public async Task Session_ids_and_last_event_ids_are_ignored_and_never_minted()
    {
        using var response = await Client.PostModernAsync(ModernRequest(1, "tools/list"), r =>
        {
            r.Headers.Add("Mcp-Session-Id", "left-over");
            r.Headers.Add("Last-Event-ID", "1-1");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
    }

    [Fact]
    public async Task A_notification_is_202_and_a_batch_or_a_response_is_400()
    {
        using var notification = await Client.PostModernAsync(Notification("notifications/cancelled", new JObject { ["requestId"] = 1 }));
        Assert.Equal(HttpStatusCode.Accepted, notification.StatusCode);
        using var batch = await Client.PostAsync(new JArray(ModernRequest(1, "tools/list")).ToString(), r => r.Headers.Add("MCP-Protocol-Version", Modern));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        using var answer = await Client.PostAsync("""{"jsonrpc":"2.0","id":1,"result":{}}""", r => r.Headers.Add("MCP-Protocol-Version", Modern));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task A_modern_body_without_the_version_header_is_400_header_mismatch()
    {
        using var response = await Client.PostAsync(ModernRequest(1, "tools/list"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int)(await JsonAsync(response))["error"]!["code"]!);
    }

    [Fact]
    public async Task Twenty_concurrent_modern_calls_are_each_answered_on_their_own_stream()
    {
        var calls = Enumerable.Range(1, 20).Select(async i =>
        {
            using var response = await Client.PostModernAsync(Generate(i, maxTokens: 3, progressToken: i, modern: true));
            var messages = await MessagesAsync(response);
            Assert.All(messages.SkipLast(1), m => Assert.Equal(i, (int)m.Message["params"]!["progressToken"]!));
            return (int)messages[^1].Message["id"]!;
        });
        Assert.Equal(Enumerable.Range(1, 20), (await Task.WhenAll(calls).WaitAsync(Bounded)).Order());
    }
}
