using System.Net;
using Nano.Actors.Protocol;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>Streamable HTTP of revisions 2024-11-05 … 2025-11-25: sessions, JSON or SSE answers, 202, GET, DELETE.</summary>
public class LegacyHttpSpec(ITestOutputHelper output) : HttpSpecBase(output)
{
    [Fact]
    public async Task Initialize_opens_a_session_and_tools_list_answers_in_it_with_json()
    {
        var result = await Client.InitializeAsync();
        Assert.Equal("2025-11-25", (string?)result["protocolVersion"]);
        Assert.Matches("^[A-Za-z0-9_-]{20,}$", Client.SessionId!);

        using var response = await Client.PostAsync(Request(1, "tools/list"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await JsonAsync(response);
        Assert.Equal(1, (int)answer["id"]!);
        Assert.Contains(answer["result"]!["tools"]!, t => (string?)t["name"] == "generate");
    }

    [Fact]
    public async Task Generate_with_a_progress_token_streams_a_priming_event_one_progress_event_per_token_then_the_result()
    {
        await Client.InitializeAsync();
        using var response = await Client.PostAsync(Generate(7, maxTokens: 3, progressToken: 42));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = new List<System.Net.ServerSentEvents.SseItem<string>>();
        await foreach (var item in EventsAsync(response)) events.Add(item);

        Assert.Equal("", events[0].Data);
        Assert.EndsWith("-0", events[0].EventId);
        var messages = events.Skip(1).Select(e => JObject.Parse(e.Data)).ToList();
        Assert.Equal(4, messages.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("notifications/progress", (string?)messages[i]["method"]);
            Assert.Equal(JTokenType.Integer, messages[i]["params"]!["progressToken"]!.Type);
            Assert.Equal(42, (int)messages[i]["params"]!["progressToken"]!);
            Assert.Equal(i + 1, (int)messages[i]["params"]!["progress"]!);
            Assert.Equal($"t{i} ", (string?)messages[i]["params"]!["message"]);
        }
        Assert.Equal(7, (int)messages[3]["id"]!);
        Assert.False((bool?)messages[3]["result"]!["isError"] ?? false);
        Assert.All(events, e => Assert.Matches(@"^\d+-\d+$", e.EventId));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Generate_without_a_progress_token_answers_with_one_json_body()
    {
        await Client.InitializeAsync();
        using var response = await Client.PostAsync(Generate(8));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await JsonAsync(response);
        Assert.Equal(8, (int)answer["id"]!);
        Assert.Contains("t0 t1 t2", (string?)answer["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task A_request_without_a_session_id_gets_400_with_a_json_rpc_error()
    {
        using var response = await Client.PostAsync(Request(1, "tools/list"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal(1, (int)error["id"]!);
        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Contains("Mcp-Session-Id", (string?)error["error"]!["message"]);
    }

    [Fact]
    public async Task A_request_with_an_unknown_session_id_gets_404()
    {
        Client.SessionId = "no-such-session";
        using var response = await Client.PostAsync(Request(1, "tools/list"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var get = await Client.GetAsync();
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var delete = await Client.DeleteAsync();
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task An_unsupported_protocol_version_header_gets_400_naming_the_supported_ones()
    {
        await Client.InitializeAsync();
        Client.Version = "1999-01-01";
        using var response = await Client.PostAsync(Request(1, "tools/list"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonAsync(response))["error"]!;
        Assert.Equal(-32022, (int)error["code"]!);
        Assert.Contains("2025-11-25", error["data"]!["supported"]!.Values<string>());
        Assert.Equal("1999-01-01", (string?)error["data"]!["requested"]);
    }

    [Fact]
    public async Task Delete_ends_the_session_and_then_the_session_is_404()
    {
        await Client.InitializeAsync();
        using var delete = await Client.DeleteAsync();
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var after = await Client.PostAsync(Request(2, "tools/list"));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Delete_cancels_the_runs_of_the_session()
    {
        await Client.InitializeAsync();
        var call = Client.PostAsync(Generate(3, prompt: "hold"));
        var run = await NextRunAsync();
        using var delete = await Client.DeleteAsync();
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
        using var response = await call.WaitAsync(Bounded);
    }

    [Fact]
    public async Task Get_opens_the_session_stream_and_a_second_get_takes_it_over()
    {
        await Client.InitializeAsync();
        using var get = await Client.GetAsync();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/event-stream", get.Content.Headers.ContentType?.MediaType);
        var first = MessagesAsync(get);
        using var second = await Client.GetAsync();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Empty(await first.WaitAsync(Bounded));
    }

    [Fact]
    public async Task Get_without_accepting_event_streams_is_406()
    {
        await Client.InitializeAsync();
        using var get = await Client.GetAsync(configure: r => { r.Headers.Accept.Clear(); r.Headers.Accept.ParseAdd("application/json"); });
        Assert.Equal(HttpStatusCode.NotAcceptable, get.StatusCode);
    }

    [Fact]
    public async Task A_request_id_still_running_in_the_session_is_refused()
    {
        await Client.InitializeAsync();
        var first = Client.PostAsync(Generate(1, prompt: "hold"));
        var run = await NextRunAsync();
        using var again = await Client.PostAsync(Generate(1));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Pool.Tell(new FakePool.Release(run));
        using var answer = await first.WaitAsync(Bounded);
        Assert.Equal(1, (int)(await JsonAsync(answer))["id"]!);
    }

    [Fact]
    public async Task A_batch_in_a_2025_03_26_session_is_answered_with_one_array()
    {
        await Client.InitializeAsync("2025-03-26");
        var batch = new JArray(Request(1, "tools/list"), Generate(2), Notification("notifications/progress", new JObject()), "oops");
        using var response = await Client.PostAsync(batch.ToString(Newtonsoft.Json.Formatting.None),
            r => r.Headers.Accept.Remove(r.Headers.Accept.Single(a => a.MediaType == "text/event-stream")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = (JArray)await JsonAsync(response);
        Assert.Equal(3, answers.Count);
        Assert.Contains(answers, a => a["error"]?["code"]?.Value<int>() == -32600 && a["id"]!.Type == JTokenType.Null);
        Assert.Contains(answers, a => (int?)a["id"] == 1 && a["result"] is not null);
        Assert.Contains(answers, a => (int?)a["id"] == 2 && a["result"] is not null);
    }

    [Fact]
    public async Task A_batch_streams_one_event_per_answer_when_the_client_takes_sse()
    {
        await Client.InitializeAsync("2025-03-26");
        var batch = new JArray(Request(1, "tools/list"), Generate(2, progressToken: "p"));
        using var response = await Client.PostAsync(batch.ToString(Newtonsoft.Json.Formatting.None));
        var messages = await MessagesAsync(response);
        Assert.Equal(3, messages.Count(m => m.Message["method"] is not null));
        Assert.Equal([1, 2], messages.Where(m => m.Message["id"] is not null).Select(m => (int)m.Message["id"]!).Order());
    }

    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task A_batch_in_a_session_of_a_later_revision_is_400(string version)
    {
        await Client.InitializeAsync(version);
        using var response = await Client.PostAsync(new JArray(Request(1, "tools/list"), Request(2, "tools/list")).ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, (int)(await JsonAsync(response))["error"]!["code"]!);
    }

    [Fact]
    public async Task Initialize_in_a_batch_or_in_an_existing_session_is_400()
    {
        await Client.InitializeAsync("2025-03-26");
        using var again = await Client.PostAsync(Request(9, "initialize", new JObject { ["protocolVersion"] = "2025-03-26" }));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Client.SessionId = null;
        using var batch = await Client.PostAsync(new JArray(Request(9, "initialize", new JObject { ["protocolVersion"] = "2025-03-26" })).ToString());
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
    }

    [Fact]
    public async Task A_client_response_and_a_notification_are_accepted_with_202_and_no_body()
    {
        await Client.InitializeAsync();
        using var response = await Client.PostAsync("""{"jsonrpc":"2.0","id":"s1","result":{}}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        using var notification = await Client.PostAsync(Notification("notifications/roots/list_changed"));
        Assert.Equal(HttpStatusCode.Accepted, notification.StatusCode);
        Assert.Null(notification.Content.Headers.ContentType);
    }

    [Theory]
    [InlineData("2024-11-05")]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    public async Task Older_revisions_stream_progress_without_a_priming_event(string version)
    {
        await Client.InitializeAsync(version);
        using var response = await Client.PostAsync(Generate(3, progressToken: "p"));
        var events = new List<System.Net.ServerSentEvents.SseItem<string>>();
        await foreach (var item in EventsAsync(response)) events.Add(item);
        Assert.All(events, e => Assert.NotEqual("", e.Data));
        Assert.Equal(4, events.Count);
    }

    [Fact]
    public async Task Twenty_concurrent_calls_in_one_session_are_each_answered()
    {
        await Client.InitializeAsync();
        var calls = Enumerable.Range(1, 20).Select(async i =>
        {
            using var response = await Client.PostAsync(Generate(i, maxTokens: 2 + i % 3, progressToken: i % 2 == 0 ? $"p{i}" : null));
            var answer = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
                ? (await MessagesAsync(response))[^1].Message
                : (JObject)await JsonAsync(response);
            return (i, answer);
        });
        var answers = await Task.WhenAll(calls).WaitAsync(Bounded);
        Assert.All(answers, a => Assert.Equal(a.i, (int)a.answer["id"]!));
        Assert.All(answers, a => Assert.Equal(2 + a.i % 3, a.answer["result"]!["structuredContent"]?["usage"]?["completion_tokens"]?.Value<int>() ?? 2 + a.i % 3));
    }
}
