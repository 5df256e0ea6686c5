using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Gateway.Admin;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Tests.Http;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Runtime.Sim;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Tests.Admin;

/// <summary>
/// Model administration over HTTP (/admin/models) and MCP (add_model, remove_model) against a real pool over the
/// simulated NPU, on a loopback Kestrel listener with an ephemeral port.
/// </summary>
public sealed class AdminApiSpec : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default);
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    private static readonly ModelDefinition Configured = new()
    {
        Name = "tiny", Path = "sim://qwen2-0.5b-w8a8", MemoryLimitMb = 700, MaxNewTokens = 8,
    };

    private const string Added = """{ "name": "added", "path": "sim://qwen2-0.5b-w8a8", "memory_limit_mb": 700, "max_new_tokens": 8 }""";

    private readonly string _root = Directory.CreateTempSubdirectory("nano-admin-").FullName;
    private readonly McpServerContext _context;
    private HttpTransportHost? _host;
    private Uri _base = null!;
    private McpClient _mcp = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public AdminApiSpec(ITestOutputHelper output) : base(SpecConfig, output: output)
    {
        var runtime = new SimulatedRuntime(new SimulatedBoard("rk3588", clock: new SimClock(0.05)));
        var pool = Sys.ActorOf(PoolActor.Props(new PoolSettings { RequestTimeout = TimeSpan.FromSeconds(20) }, [Configured], _ => runtime, "test-node"), "pool");
        _context = new McpServerContext(pool, new GatewaySettings(), [Configured]) { ModelParser = new ModelEntryParser(_root, ["."]) };
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _host = new HttpTransportHost(HttpTransportSettings.Default, apis: [new AdminApi()]);
        var listening = await _host.StartAsync(new HttpTransportContext(Sys, _context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        _base = new Uri($"http://{listening[0].Address}/");
        _mcp = new McpClient(new Uri(_base, "mcp"));
    }

    protected override void AfterAll()
    {
        _mcp.Dispose();
        _http.Dispose();
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
        base.AfterAll();
    }

    [Fact]
    public async Task An_added_model_shows_in_status_serves_mcp_generate_and_is_gone_after_delete()
    {
        var (created, body) = await SendAsync(HttpMethod.Post, "admin/models", Added);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("added", (string?)body["model"]);
        Assert.Equal("unloaded", (string?)body["state"]);

        await _mcp.InitializeAsync();
        var generated = await CallToolAsync("generate", new JObject { ["model"] = "added", ["prompt"] = "hi", ["max_tokens"] = 3 });
        Assert.NotEqual(true, (bool?)generated["isError"]);
        Assert.Equal(true, (bool?)generated["structuredContent"]!["simulated"]);

        var (ok, status) = await SendAsync(HttpMethod.Get, "admin/models/added/status");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("ready", (string?)status["state"]);
        Assert.Equal(1, (int)status["instances"]!);
        Assert.Equal(700, (long)status["memory_mb"]!);
        Assert.Equal("test-node", (string?)status["placement"]![0]!["node"]);
        var (_, all) = await SendAsync(HttpMethod.Get, "admin/models");
        Assert.Equal(["tiny", "added"], all["models"]!.Select(m => (string?)m["model"]));

        var (deleted, gone) = await SendAsync(HttpMethod.Delete, "admin/models/added");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal("removed", (string?)gone["state"]);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "admin/models/added/status")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "admin/models/added")).Status);
        Assert.Null(_context.FindModel("added"));
    }

    [Fact]
    public async Task An_invalid_model_is_refused_with_every_error_and_its_json_path()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "admin/models",
            """{ "name": "bad name!", "path": "sim://qwen2-0.5b-w8a8", "max_instances": 99, "runtime": "gpu", "colour": "red" }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body["error"]!["errors"]!.Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.StartsWith("name: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("max_instances: 99 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("runtime: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("colour", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "admin/models", "[1, 2]")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "admin/models", "{ \"name\": ")).Status);
    }

    [Fact]
    public async Task A_model_file_outside_the_model_roots_is_refused()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "admin/models", """{ "name": "escape", "path": "../elsewhere.rkllm", "runtime": "emu" }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body["error"]!["errors"]!, e => ((string)e!).StartsWith("path: '../elsewhere.rkllm' is outside the model roots", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_in_use_is_a_conflict()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "admin/models", """{ "name": "tiny", "path": "sim://qwen2-0.5b-w8a8" }""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("model_exists", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task The_mcp_tools_add_and_remove_models_and_report_invalid_entries_with_paths()
    {
        await _mcp.InitializeAsync();

        var added = await CallToolAsync("add_model", new JObject { ["model"] = JObject.Parse(Added) });
        Assert.NotEqual(true, (bool?)added["isError"]);
        Assert.Equal("added", (string?)added["structuredContent"]!["model"]);
        var invalid = await CallToolAsync("add_model", new JObject { ["model"] = new JObject { ["name"] = "x", ["path"] = "sim://p", ["max_instances"] = 0 } });
        Assert.True((bool?)invalid["isError"]);
        Assert.Contains(invalid["structuredContent"]!["error"]!["errors"]!, e => ((string)e!).StartsWith("model.max_instances: ", StringComparison.Ordinal));
        var generated = await CallToolAsync("generate", new JObject { ["model"] = "added", ["prompt"] = "hi", ["max_tokens"] = 2 });
        Assert.NotEqual(true, (bool?)generated["isError"]);

        var removed = await CallToolAsync("remove_model", new JObject { ["model"] = "added" });
        Assert.Equal("removed", (string?)removed["structuredContent"]!["state"]);
        var again = await CallToolAsync("remove_model", new JObject { ["model"] = "added" });
        Assert.True((bool?)again["isError"]);
    }

    private async Task<(HttpStatusCode Status, JObject Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var cancel = new CancellationTokenSource(Bounded);
        using var response = await _http.SendAsync(request, cancel.Token);
        var text = await response.Content.ReadAsStringAsync(cancel.Token);
        return (response.StatusCode, text.Length == 0 ? [] : JObject.Parse(text));
    }

    private int _id;

    /// <summary>A tools/call's result, answered as JSON or as an SSE stream.</summary>
    private async Task<JObject> CallToolAsync(string tool, JObject arguments)
    {
        var id = ++_id;
        using var cancel = new CancellationTokenSource(Bounded);
        using var response = await _mcp.PostAsync(McpClient.Request(id, "tools/call", new JObject { ["name"] = tool, ["arguments"] = arguments }), ct: cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? (await McpClient.MessagesAsync(response, cancel.Token)).Select(m => m.Message).ToList()
            : [(JObject)await McpClient.JsonAsync(response)];
        var answer = messages.Single(m => (int?)m["id"] == id);
        return (JObject?)answer["result"] ?? throw new InvalidOperationException($"{tool}: {answer}");
    }
}
