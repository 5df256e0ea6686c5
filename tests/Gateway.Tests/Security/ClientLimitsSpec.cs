using System.Net;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Security;
using Nano.Gateway.Tests.Transports;

namespace Nano.Gateway.Tests.Security;

/// <summary>Per-client limits: a burst of 4 at 1 request/s, one running request per client.</summary>
public class ClientLimitsSpec(ITestOutputHelper output)
    : AccessSpecBase(output, new LimitSettings { Enabled = true, RequestsPerSecond = 1, Burst = 4, MaxConcurrent = 1 })
{
    private static string Text(JObject message) => message.ToString(Newtonsoft.Json.Formatting.None);

    private static async Task<JObject> AnswerAsync(IFrameClient client, object id)
    {
        var wanted = JToken.FromObject(id);
        while (true)
        {
            var frame = await client.ReadAsync(Bounded);
            if (frame is JObject obj && obj["method"] is null && JToken.DeepEquals(obj["id"], wanted)) return obj;
        }
    }

    [Fact]
    public async Task Http_requests_past_the_burst_get_429_with_Retry_After_and_retry_after_ms()
    {
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/v1/models", AppKey)).Response.StatusCode);
        var (refused, body) = await SendAsync(HttpMethod.Get, "/v1/models", AppKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), refused.Headers.ToString());
        Assert.InRange((long)body!["error"]!["retry_after_ms"]!, 1, 10_000);
        Assert.Equal("rate_limit_error", (string?)body["error"]!["type"]);
        // Another key is another client, with a bucket of its own.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/tags", OpsKey)).Response.StatusCode);
        var (ollama, shape) = await SendAsync(HttpMethod.Get, "/api/tags", AppKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, ollama.StatusCode);
        Assert.Equal(JTokenType.String, shape!["error"]!.Type);
    }

    [Fact]
    public async Task JsonRpc_requests_past_the_burst_get_too_many_requests_with_retry_after_ms()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await client.SendAsync(Text(Initialize(1, AppKey)));
        for (var i = 2; i <= 4; i++) await client.SendAsync(Text(Rpc(i, "ping")));
        for (var i = 1; i <= 4; i++) Assert.NotNull((await AnswerAsync(client, i))["result"]);
        await client.SendAsync(Text(Rpc(5, "ping")));
        var error = (await AnswerAsync(client, 5))["error"]!;
        Assert.Equal(JsonRpcErrorCodes.TooManyRequests, (int)error["code"]!);
        Assert.Equal("rate_limit", (string?)error["data"]!["reason"]);
        Assert.InRange((long)error["data"]!["retry_after_ms"]!, 1, 10_000);
    }

    [Fact]
    public async Task A_second_running_request_of_a_client_is_refused_by_the_concurrency_cap_on_any_connection()
    {
        await using var first = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await first.SendAsync(Text(Initialize(1, OpsKey)));
        await AnswerAsync(first, 1);
        // FakePool holds a run whose prompt says "hold": it keeps the client's one slot.
        await first.SendAsync(Text(Generate(2, "qwen", prompt: "hold on")));
        await Accepted.ExpectMsgAsync<Nano.Actors.Protocol.GenerateRequest>(Bounded);

        await using var second = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await second.SendAsync(Text(Initialize(3, OpsKey)));
        await AnswerAsync(second, 3);
        await second.SendAsync(Text(Generate(4, "qwen")));
        var error = (await AnswerAsync(second, 4))["error"]!;
        Assert.Equal(JsonRpcErrorCodes.TooManyRequests, (int)error["code"]!);
        Assert.Equal("concurrency", (string?)error["data"]!["reason"]);
        Assert.True((long)error["data"]!["retry_after_ms"]! > 0);
    }
}
