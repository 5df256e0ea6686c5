using System.Net;
using System.Net.WebSockets;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Security;
using Nano.Gateway.Tests.WebSocket;

namespace Nano.Gateway.Tests.Security;

/// <summary>API keys on every HTTP surface: 401 in each API's own shape, keys in Bearer or x-api-key, allow-lists, admin.</summary>
public class HttpAccessSpec(ITestOutputHelper output) : AccessSpecBase(output)
{
    public static TheoryData<string, string> Surfaces => new()
    {
        { "POST", "/mcp" },
        { "GET", "/v1/models" },
        { "GET", "/api/tags" },
        { "GET", "/admin/models" },
        { "GET", "/metrics" },
    };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Every_http_surface_answers_401_with_WWW_Authenticate_in_its_own_shape(string method, string path)
    {
        foreach (var key in new[] { null, "not-a-key" })
        {
            var body = method == "POST" ? Initialize(1, null) : null;
            var (response, json) = await SendAsync(new HttpMethod(method), path, key, body);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            switch (path)
            {
                case "/mcp":
                    Assert.Equal(JsonRpcErrorCodes.Unauthorized, (int)json!["error"]!["code"]!);
                    Assert.Equal("2.0", (string?)json["jsonrpc"]);
                    break;
                case "/v1/models":
                    Assert.Equal("invalid_api_key", (string?)json!["error"]!["code"]);
                    Assert.Equal("invalid_request_error", (string?)json["error"]!["type"]);
                    break;
                case "/api/tags":
                    Assert.Equal(JTokenType.String, json!["error"]!.Type);
                    break;
                default:
                    Assert.Equal("unauthorized", (string?)json!["error"]!["code"]);
                    break;
            }
        }
    }

    [Fact]
    public async Task Liveness_and_readiness_stay_open_without_a_key()
    {
        var (health, _) = await SendAsync(HttpMethod.Get, "/health", null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_key_in_Bearer_or_x_api_key_is_served_and_model_lists_show_only_allowed_models()
    {
        var (v1, models) = await SendAsync(HttpMethod.Get, "/v1/models", AppKey);
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal(["qwen"], models!["data"]!.Select(m => (string)m["id"]!));

        var request = Request(HttpMethod.Get, "/v1/models", null);
        request.Headers.Add("x-api-key", OpsKey);
        var all = JToken.Parse(await (await Http.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal(["qwen", "secret"], all["data"]!.Select(m => (string)m["id"]!).Order());

        var (tags, ollama) = await SendAsync(HttpMethod.Get, "/api/tags", AppKey);
        Assert.Equal(HttpStatusCode.OK, tags.StatusCode);
        Assert.Equal(["qwen"], ollama!["models"]!.Select(m => (string)m["name"]!));

        var (mcp, init) = await SendAsync(HttpMethod.Post, "/mcp", AppKey, Initialize(1, null));
        Assert.Equal(HttpStatusCode.OK, mcp.StatusCode);
        Assert.NotNull(init!["result"]);
    }

    [Fact]
    public async Task A_model_outside_the_allow_list_is_unknown_to_openai_and_ollama()
    {
        var chat = new JObject { ["model"] = "secret", ["messages"] = new JArray(new JObject { ["role"] = "user", ["content"] = "hi" }) };
        var (refused, error) = await SendAsync(HttpMethod.Post, "/v1/chat/completions", AppKey, chat);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("model_not_found", (string?)error!["error"]!["code"]);
        var (detail, _) = await SendAsync(HttpMethod.Get, "/v1/models/secret", AppKey);
        Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);

        chat["model"] = "qwen";
        var (served, completion) = await SendAsync(HttpMethod.Post, "/v1/chat/completions", AppKey, chat);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.StartsWith("t0", (string?)completion!["choices"]![0]!["message"]!["content"]);

        var (ollama, _) = await SendAsync(HttpMethod.Post, "/api/generate", AppKey, new JObject { ["model"] = "secret", ["prompt"] = "hi", ["stream"] = false });
        Assert.Equal(HttpStatusCode.NotFound, ollama.StatusCode);
    }

    [Fact]
    public async Task Admin_routes_need_an_admin_key_and_both_outcomes_are_audited()
    {
        var entry = new JObject { ["name"] = "extra", ["path"] = "sim://qwen2-0.5b-w8a8" };
        var (forbidden, error) = await SendAsync(HttpMethod.Post, "/admin/models", AppKey, entry);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("forbidden", (string?)error!["error"]!["code"]);
        // This gateway has no models.json to validate against: the admin key gets past access control to that answer.
        var (allowed, _) = await SendAsync(HttpMethod.Post, "/admin/models", OpsKey, entry);
        Assert.Equal(HttpStatusCode.NotImplemented, allowed.StatusCode);

        var audit = Loggers.Of(AuditLog.Category);
        Assert.Contains(audit, e => e.Event.Name == "Forbidden" && e.Text.Contains("app") && e.Text.Contains("127.0.0.1"));
        Assert.Contains(audit, e => e.Event.Name == "AdminOperation" && e.Text.Contains("add_model") && e.Text.Contains("ops"));
    }

    [Fact]
    public async Task A_WebSocket_upgrade_with_a_wrong_key_is_refused_and_one_without_a_key_must_authenticate_in_band()
    {
        using var bad = new ClientWebSocket();
        bad.Options.SetRequestHeader("Authorization", "Bearer wrong");
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => bad.ConnectAsync(WsUri, CancellationToken.None));
        Assert.Contains("401", refused.Message);

        await using var anonymous = await WsClient.ConnectAsync(WsUri);
        await anonymous.SendAsync(Initialize(1, null));
        Assert.NotNull((await anonymous.UntilAnswerAsync(1)).Last()["result"]);
        await anonymous.SendAsync(Generate(2, "qwen"));
        Assert.Equal(JsonRpcErrorCodes.Unauthorized, (int)(await anonymous.UntilAnswerAsync(2)).Last()["error"]!["code"]!);
        await anonymous.SendAsync(Generate(3, "qwen", AppKey));
        Assert.False((bool)(await anonymous.UntilAnswerAsync(3)).Last()["result"]!["isError"]!);

        using var keyed = new ClientWebSocket();
        keyed.Options.SetRequestHeader("Authorization", "Bearer " + AppKey);
        await keyed.ConnectAsync(WsUri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, keyed.State);
    }
}
