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
    public async Task Get_opens_the_session_stream_and_a_second_get_is_a_conflict()
    {
        await Client.InitializeAsync();
        using var get = await Client.GetAsync();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/event-stream", get.Content.Headers.ContentType?.MediaType);
        using var second = await Client.GetAsync();
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Get_without_accepting_event_streams_is_406()
    {
        await Client.InitializeAsync();
        using var get = await Client.GetAsync(configure: r => { r.Headers.Accept.Clear(); r.Headers.Accept.ParseAdd("application/json"); });
        Assert.Equal(HttpStatusCode.NotAcceptable, get.StatusCode);
    }
}
