using System.Net;
using System.Text;
using Akka.TestKit.Xunit;
using Nano.Actors.Configuration;
using Nano.Gateway.Admin;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Simulation;
using Newtonsoft.Json.Linq;

namespace Nano.Cluster.Tests.Admin;

/// <summary>The admin HTTP API (/admin/models) served by a cluster node, its router being the cluster's ModelRouter.</summary>
public sealed class AdminHttpSpec : TestKit
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _root = Directory.CreateTempSubdirectory("nano-cluster-admin-").FullName;

    [Fact]
    public async Task The_admin_api_adds_a_model_shows_each_replica_on_its_board_and_removes_it_from_the_cluster()
    {
        var configured = SimModels.Small("base");
        await using var cluster = await TestCluster.StartAsync([configured], new SimBoardSpec("a"), new SimBoardSpec("b"), new SimBoardSpec("c"));
        var a = cluster["a"];
        var context = new McpServerContext(a.Router, new GatewaySettings(), [configured]) { ModelParser = new ModelEntryParser(_root, ["."]) };
        await using var host = new HttpTransportHost(HttpTransportSettings.Default, apis: [new AdminApi()]);
        var listening = await host.StartAsync(new HttpTransportContext(a.System, context, IPAddress.Loopback,
            [new TransportEndpoint(TransportKind.Http, 0)]), CancellationToken.None);
        var admin = new Uri($"http://{listening[0].Address}/admin/models");

        var (created, body) = await SendAsync(HttpMethod.Post, admin,
            """{ "name": "web", "path": "sim://qwen2-0.5b-w8a8", "memory_limit_mb": 700, "max_new_tokens": 8, "replicas": 2 }""");
        var (invalid, errors) = await SendAsync(HttpMethod.Post, admin, """{ "name": "web2", "path": "sim://qwen2-0.5b-w8a8", "replicas": 0 }""");
        var (taken, _) = await SendAsync(HttpMethod.Post, admin, """{ "name": "web", "path": "sim://qwen2-0.5b-w8a8" }""");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("web", (string?)body["model"]);
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains(errors["error"]!["errors"]!, e => ((string)e!).StartsWith("replicas: 0 is out of range", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, taken);
        var status = new Uri(admin, "models/web/status");
        await AwaitAssertAsync(async () =>
        {
            var (ok, web) = await SendAsync(HttpMethod.Get, status);
            Assert.Equal(HttpStatusCode.OK, ok);
            var replicas = web["placement"]!.Cast<JObject>().ToArray();
            Assert.Equal([0, 1], replicas.Select(r => (int)r["replica"]!).Order());
            Assert.All(replicas, r =>
            {
                Assert.Contains((string?)r["node"], new[] { "a", "b", "c" });
                Assert.Equal("rk3588", (string?)r["board"]);
                Assert.Equal("ready", (string?)r["state"]);
                Assert.Equal(1, (int?)r["instances"]);
                Assert.Equal(700, (long?)r["memory_mb"]);
            });
            Assert.NotEqual((string?)replicas[0]["node"], (string?)replicas[1]["node"]);
            Assert.Equal(1400, (long?)web["memory_mb"]);
        }, Settle, TimeSpan.FromMilliseconds(200));

        var (deleted, gone) = await SendAsync(HttpMethod.Delete, new Uri(admin, "models/web"));

        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal("removed", (string?)gone["state"]);
        await AwaitAssertAsync(async () => Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, status)).Status), Settle);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, new Uri(admin, "models/web"))).Status);
    }

    private async Task<(HttpStatusCode Status, JObject Body)> SendAsync(HttpMethod method, Uri uri, string? json = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JObject.Parse(text));
    }

    protected override void AfterAll()
    {
        _http.Dispose();
        Directory.Delete(_root, recursive: true);
        base.AfterAll();
    }
}
