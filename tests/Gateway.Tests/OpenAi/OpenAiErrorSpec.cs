using System.Net;
using Nano.Actors.Configuration;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>
/// Raw HTTP against a slow pool (real-time simulated clock, queue of one, short request timeout): every error status
/// in OpenAI's shape, and a client that disconnects mid-stream stopping the run on the board.
/// </summary>
public class OpenAiErrorSpec(ITestOutputHelper output)
    : OpenAiSpecBase(output, new PoolSettings { QueueCapacityPerModel = 1, RequestTimeout = TimeSpan.FromSeconds(3) }, scale: 1.0, maxMessageBytes: 4096)
{
    [Theory]
    [InlineData("{not json", null)]
    [InlineData("""{"model":"tiny"}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"hi"}],"temperature":5}""", "temperature")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"hi"}],"stop":7}""", "stop")]
    [InlineData("""{"model":"tiny","messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role")]
    public async Task Malformed_requests_are_400_naming_the_field(string body, string? param)
    {
        using var response = await PostAsync("v1/chat/completions", body);
        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal(param, (string?)error["param"]);
    }

    [Fact]
    public async Task An_unknown_model_is_404_everywhere()
    {
        using (var chat = await PostAsync("v1/chat/completions", Chat("nope", 4))) Assert.Equal("model_not_found", (string?)(await ErrorAsync(chat, HttpStatusCode.NotFound))["code"]);
        using (var embed = await PostAsync("v1/embeddings", """{"model":"nope","input":"x"}""")) await ErrorAsync(embed, HttpStatusCode.NotFound);
        using (var model = await Http.GetAsync(new Uri(BaseUri, "v1/models/nope"))) await ErrorAsync(model, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_over_max_message_bytes_is_413()
    {
        var big = Chat("tiny", 4).Replace("Tell me about the NPU.", new string('a', 5000), StringComparison.Ordinal);
        using var response = await PostAsync("v1/chat/completions", big);
        await ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_model_that_cannot_fit_is_503()
    {
        using var response = await PostAsync("v1/chat/completions", Chat("huge", 4));
        Assert.Equal("resource_exhausted", (string?)(await ErrorAsync(response, HttpStatusCode.ServiceUnavailable))["code"]);
    }

    [Fact]
    public async Task A_run_over_the_request_timeout_is_504()
    {
        using var response = await PostAsync("v1/chat/completions", Chat("tiny", 4000));
        Assert.Equal("timeout", (string?)(await ErrorAsync(response, HttpStatusCode.GatewayTimeout))["code"]);
    }

    [Fact]
    public async Task A_full_queue_is_429_with_Retry_After_in_seconds()
    {
        using var cts = new CancellationTokenSource(Bounded);
        using var running = await PostAsync("v1/chat/completions", Chat("tiny", 2000, stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        var queued = PostAsync("v1/chat/completions", Chat("tiny", 2000), cancellationToken: cts.Token);
        await AwaitAssertAsync(async () => Assert.Equal(1, (await LoadAsync()).Queued), Bounded, TimeSpan.FromMilliseconds(20));

        using var refused = await PostAsync("v1/chat/completions", Chat("tiny", 4), cancellationToken: cts.Token);
        Assert.Equal("queue_full", (string?)(await ErrorAsync(refused, HttpStatusCode.TooManyRequests))["code"]);
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.True(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture) >= 1, retryAfter);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_cancels_the_run()
    {
        var cts = new CancellationTokenSource(Bounded);
        var response = await PostAsync("v1/chat/completions", Chat("tiny", 2000, stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token)))
            for (var events = 0; events < 3;)
                if ((await reader.ReadLineAsync(cts.Token))?.StartsWith("data: {", StringComparison.Ordinal) == true) events++;
        Assert.Equal(1, (await LoadAsync()).Active);

        response.Dispose(); // closes the connection: 2000 tokens at ~24 ms each would take ~48 s otherwise
        await AwaitAssertAsync(async () => Assert.Equal(0, (await LoadAsync()).Active), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));
        cts.Dispose();
    }
}
