using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Nano.Gateway.Hosting;
using static Nano.Gateway.Tests.Http.McpClient;

namespace Nano.Gateway.Tests.Http;

/// <summary>What /mcp refuses before any session sees it: foreign origins, oversize bodies, broken JSON, wrong media.</summary>
public class HttpGuardSpec(ITestOutputHelper output) : HttpSpecBase(output, gateway: new GatewaySettings { MaxMessageBytes = 64 * 1024 })
{
    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("null")]
    public async Task A_foreign_origin_is_403_on_every_method_and_on_the_websocket_handshake(string origin)
    {
        using var post = await Client.PostModernAsync(ModernRequest(1, "tools/list"), r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(-32600, (int)(await JsonAsync(post))["error"]!["code"]!);
        using var get = await Client.GetAsync(configure: r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("https://localhost")]
    public async Task A_local_origin_is_allowed(string origin)
    {
        using var post = await Client.PostModernAsync(ModernRequest(1, "tools/list"), r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task An_allowed_browser_origin_gets_cors_headers_and_its_preflight_is_answered()
    {
        using var preflight = await Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, McpUri)
        {
            Headers =
            {
                { "Origin", "http://localhost:6274" },
                { "Access-Control-Request-Method", "POST" },
                { "Access-Control-Request-Headers", "content-type, mcp-protocol-version, mcp-session-id, mcp-param-region" },
            },
        });
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("http://localhost:6274", Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("mcp-param-region", string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")));

        await Client.InitializeAsync();
        using var post = await Client.PostAsync(Request(1, "tools/list"), r => r.Headers.Add("Origin", "http://localhost:6274"));
        Assert.Equal("http://localhost:6274", Assert.Single(post.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Mcp-Session-Id", string.Join(",", post.Headers.GetValues("Access-Control-Expose-Headers")));

        using var foreign = await Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, McpUri) { Headers = { { "Origin", "http://evil.example" } } });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_with_a_json_rpc_error()
    {
        var prompt = new string('x', 70 * 1024);
        using var response = await Client.PostModernAsync(Generate(1, prompt: prompt, modern: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await JsonAsync(response))["error"]!;
        Assert.Equal(-31009, (int)error["code"]!);
        Assert.Equal(64 * 1024, (int)error["data"]!["max_bytes"]!);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_while_it_streams_in()
    {
        var content = new StreamContent(new MemoryStream(new byte[200 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(content, r => r.Headers.TransferEncodingChunked = true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_json_is_400_with_a_parse_error_and_a_null_id(string body)
    {
        using var response = await Client.PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal(JTokenType.Null, error["id"]!.Type);
        Assert.Equal(-32700, (int)error["error"]!["code"]!);
    }

    [Fact]
    public async Task Json_that_is_not_a_message_is_400_invalid_request()
    {
        using var response = await Client.PostAsync("""{"jsonrpc":"2.0","id":4,"method":5}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Equal(4, (int)error["id"]!);
    }

    [Fact]
    public async Task A_client_that_accepts_neither_json_nor_sse_is_406_and_a_wrong_content_type_415()
    {
        using var accept = await Client.PostModernAsync(ModernRequest(1, "tools/list"), r =>
        {
            r.Headers.Accept.Clear();
            r.Headers.Accept.ParseAdd("text/html");
        });
        Assert.Equal(HttpStatusCode.NotAcceptable, accept.StatusCode);
        var content = new StringContent(ModernRequest(1, "tools/list").ToString(), System.Text.Encoding.UTF8, "text/plain");
        using var media = await Client.PostAsync(content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, media.StatusCode);
    }

    [Fact]
    public async Task A_json_only_client_gets_the_answer_without_the_progress_it_cannot_take()
    {
        using var response = await Client.PostModernAsync(Generate(1, progressToken: "p", modern: true), r =>
        {
            r.Headers.Accept.Clear();
            r.Headers.Accept.ParseAdd("application/json");
        });
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, (int)(await JsonAsync(response))["id"]!);
    }

    [Fact]
    public async Task Other_methods_are_405_and_other_paths_404()
    {
        using var put = await Client.Http.PutAsync(McpUri, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        using var elsewhere = await Client.Http.GetAsync(new Uri(McpUri, "/other"));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}
