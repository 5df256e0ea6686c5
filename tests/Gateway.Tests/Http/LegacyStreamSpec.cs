using System.Net;
using Nano.Actors.Protocol;
using Nano.Gateway.Transports.Http;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>
/// Legacy SSE streams that break: a disconnection is not a cancellation (the client may resume with Last-Event-ID
/// and gets what it missed), but a stream nobody resumes within the grace period cancels its run.
/// </summary>
public class LegacyStreamSpec(ITestOutputHelper output)
    : HttpSpecBase(output, HttpTransportSettings.Default with { ResumeGrace = TimeSpan.FromMilliseconds(500) })
{
    [Fact]
    public async Task A_broken_stream_resumed_with_last_event_id_replays_what_followed_and_ends_with_the_result()
    {
        await Client.InitializeAsync();
        string lastSeen;
        using (var response = await Client.PostAsync(Generate(5, prompt: "hold", progressToken: "p")))
        {
            var seen = new List<string>();
            await foreach (var item in EventsAsync(response))
            {
                seen.Add(item.EventId!);
                if (seen.Count == 3) break; // priming + two progress events, then the client goes away
            }
            lastSeen = seen[^1];
        }
        Pool.Tell(new FakePool.Release(await NextRunAsync()));

        using var resumed = await Client.GetAsync(lastEventId: lastSeen);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var messages = await MessagesAsync(resumed);
        Assert.Equal(["t2 ", "t3 "], messages.Take(2).Select(m => (string)m.Message["params"]!["message"]!));
        Assert.Equal(5, (int)messages[^1].Message["id"]!);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.StartsWith(lastSeen.Split('-')[0] + "-", m.Id));
        await Cancels.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(800));
    }

    [Fact]
    public async Task Resuming_from_the_priming_event_replays_the_whole_stream()
    {
        await Client.InitializeAsync();
        string priming;
        using (var response = await Client.PostAsync(Generate(6, prompt: "hold", progressToken: 1)))
        {
            await using var events = EventsAsync(response).GetAsyncEnumerator();
            Assert.True(await events.MoveNextAsync());
            priming = events.Current.EventId!;
        }
        Pool.Tell(new FakePool.Release(await NextRunAsync()));
        using var resumed = await Client.GetAsync(lastEventId: priming);
        var messages = await MessagesAsync(resumed);
        Assert.Equal(5, messages.Count);
        Assert.Equal(6, (int)messages[^1].Message["id"]!);
    }

    [Fact]
    public async Task A_broken_stream_nobody_resumes_cancels_its_run_after_the_grace_period()
    {
        await Client.InitializeAsync();
        using (var response = await Client.PostAsync(Generate(9, prompt: "hold", progressToken: "p")))
        {
            await using var events = EventsAsync(response).GetAsyncEnumerator();
            Assert.True(await events.MoveNextAsync());
            Assert.True(await events.MoveNextAsync());
        }
        var run = await NextRunAsync();
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
    }

    [Fact]
    public async Task A_json_answer_whose_client_went_away_is_cancelled_at_once_as_nothing_can_resume_it()
    {
        await Client.InitializeAsync();
        using var gone = new CancellationTokenSource();
        var call = Client.PostAsync(Generate(4, prompt: "hold"), ct: gone.Token);
        var run = await NextRunAsync();
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(TimeSpan.FromMilliseconds(400))).RequestId);
    }

    [Fact]
    public async Task An_unknown_last_event_id_is_400()
    {
        await Client.InitializeAsync();
        using var response = await Client.GetAsync(lastEventId: "999999-3");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var garbage = await Client.GetAsync(lastEventId: "not an id");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task Notifications_cancelled_stops_the_run_and_ends_its_stream_without_an_answer()
    {
        await Client.InitializeAsync();
        using var response = await Client.PostAsync(Generate(11, prompt: "hold", progressToken: "p"));
        var run = await NextRunAsync();
        using var cancelled = await Client.PostAsync(Notification("notifications/cancelled", new JObject { ["requestId"] = 11, ["reason"] = "user" }));
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.Equal(run, (await Cancels.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
        var messages = await MessagesAsync(response).WaitAsync(Bounded);
        Assert.DoesNotContain(messages, m => m.Message["id"] is not null);
    }

    [Fact]
    public async Task The_session_stream_carries_no_answers_and_ends_when_the_session_is_deleted()
    {
        await Client.InitializeAsync();
        using var get = await Client.GetAsync();
        var reading = MessagesAsync(get);
        using (var call = await Client.PostAsync(Generate(12)))
            Assert.Equal(12, (int)(await JsonAsync(call))["id"]!);
        using var delete = await Client.DeleteAsync();
        Assert.Empty(await reading.WaitAsync(Bounded));
    }
}
