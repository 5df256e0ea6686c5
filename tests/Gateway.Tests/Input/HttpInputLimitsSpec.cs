using System.Net;
using System.Text;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Gateway.Admin;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Ollama;
using Nano.Gateway.OpenAi;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Runtime.Sim;

namespace Nano.Gateway.Tests.Input;

/// <summary>
/// nano.gateway.input and the HTTP limits on the OpenAI, Ollama and admin APIs of one loopback Kestrel listener in front
/// of the real pool over the simulated NPU: each refusal is in the API's own error shape (400/413/431), and the same
/// client goes on being served afterwards.
/// </summary>
public sealed class HttpInputLimitsSpec : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default);

    private static readonly ModelDefinition Tiny = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MaxInstances = 1, MemoryLimitMb = 700, MaxContextLen = 1024, MaxNewTokens = 8,
    };

    private static readonly GatewaySettings Settings = new()
    {
        MaxMessageBytes = 64 * 1024,
        HttpMaxHeaderBytes = 4096,
        Input = new InputLimits
        {
            MaxPromptBytes = 8000, MaxMessages = 3, MaxTools = 2, MaxImages = 1, MaxImageBytes = 64, MaxStopSequenceChars = 8, ContextBytesPerToken = 1,
        },
    };

    private readonly McpServerContext _context;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private HttpTransportHost? _host;

    public HttpInputLimitsSpec(ITestOutputHelper output) : base(SpecConfig, output: output)
    {
        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588", clock: new SimClock(0.05)));
        var pool = Sys.ActorOf(PoolActor.Props(new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20) }, [Tiny], _ => runtime, "test-node"), "pool");
        _context = new McpServerContext(pool, Settings, [Tiny]);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _host = new HttpTransportHost(HttpTransportSettings.Default, apis: [new OpenAiApi(), new OllamaApi(), new AdminApi()]);
        var listening = await _host.StartAsync(new HttpTransportContext(Sys, _context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        _http.BaseAddress = new Uri($"http://{listening[0].Address}/");
    }

    protected override void AfterAll()
    {
        _http.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.AfterAll();
    }

    [Fact]
    public async Task OpenAi_refuses_a_prompt_that_cannot_fit_the_context_with_context_length_exceeded_then_serves_the_next_request()
    {
        var error = await OpenAiErrorAsync("v1/chat/completions", $$"""{"model":"tiny","messages":[{"role":"user","content":"{{new string('a', 1100)}}"}]}""");
        Assert.Equal("context_length_exceeded", (string?)error["code"]);
        Assert.Equal("messages", (string?)error["param"]);
        Assert.Contains("max_context_len", (string?)error["message"]);

        using var ok = await PostAsync("v1/chat/completions", """{"model":"tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":"c"},{"role":"user","content":"d"}]}""",
        "array_above_max_length", "messages", "nano.gateway.input.max-messages")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":2000}""", "invalid_value", "max_tokens", "max_context_len")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"hi"}],"stop":["a very long stop"]}""",
        "string_above_max_length", "stop", "nano.gateway.input.max-stop-sequence-chars")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}},{"type":"function","function":{"name":"c"}}]}""",
        "array_above_max_length", "tools", "nano.gateway.input.max-tools")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""",
        "array_above_max_length", "messages[0].content[1]", "nano.gateway.input.max-images")]
    public async Task OpenAi_refuses_requests_over_a_limit_naming_it(string body, string code, string param, string limit)
    {
        var error = await OpenAiErrorAsync("v1/chat/completions", body);
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(param, (string?)error["param"]);
        Assert.Contains(limit, (string?)error["message"]);
    }

    [Fact]
    public async Task OpenAi_checks_an_image_size_from_its_base64_before_decoding()
    {
        var url = "data:image/png;base64," + new string('!', 200);
        var error = await OpenAiErrorAsync("v1/chat/completions",
            $$$"""{"model":"tiny","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""");
        Assert.Contains("nano.gateway.input.max-image-bytes", (string?)error["message"]);
    }

    [Fact]
    public async Task A_chunked_body_over_max_message_bytes_is_413_in_the_openai_shape()
    {
        var content = new StringContent($$"""{"model":"tiny","prompt":"{{new string('a', 70 * 1024)}}"}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!["code"]);
    }

    [Theory]
    [InlineData("api/generate", """{"model":"tiny","prompt":"PROMPT","stream":false}""", "max_context_len")]
    [InlineData("api/chat", """{"model":"tiny","messages":[{"role":"user","content":"PROMPT"}],"stream":false}""", "max_context_len")]
    [InlineData("api/chat", """{"model":"tiny","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":"c"},{"role":"user","content":"d"}]}""",
        "nano.gateway.input.max-messages")]
    [InlineData("api/generate", """{"model":"tiny","prompt":"hi","options":{"stop":["a very long stop"]}}""", "nano.gateway.input.max-stop-sequence-chars")]
    [InlineData("api/generate", """{"model":"tiny","prompt":"hi","images":["AAAA","AAAA"]}""", "nano.gateway.input.max-images")]
    [InlineData("api/embed", """{"model":"tiny","input":["PROMPT"]}""", "max_context_len")]
    public async Task Ollama_refuses_requests_over_a_limit_with_its_error_shape(string path, string body, string limit)
    {
        using var response = await PostAsync(path, body.Replace("PROMPT", new string('a', 1100), StringComparison.Ordinal));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Contains(limit, (string?)JObject.Parse(text)["error"]);

        using var ok = await PostAsync("api/generate", """{"model":"tiny","prompt":"hi","stream":false}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_admin_body_over_max_message_bytes_is_413_without_being_read_whole()
    {
        using var response = await PostAsync("admin/models", $$"""{"name":"big","path":"sim://qwen2-0.5b-w8a8","pad":"{{new string('x', 70 * 1024)}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too_large", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!["code"]);
    }

    [Fact]
    public async Task A_header_section_over_max_header_bytes_is_431_and_the_listener_keeps_serving()
    {
        using (var request = new HttpRequestMessage(HttpMethod.Get, "v1/models"))
        {
            request.Headers.Add("X-Padding", new string('p', 5000));
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }
        using var models = await _http.GetAsync("v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JObject> OpenAiErrorAsync(string path, string body)
    {
        using var response = await PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        return Assert.IsType<JObject>(JObject.Parse(text)["error"]);
    }
}
