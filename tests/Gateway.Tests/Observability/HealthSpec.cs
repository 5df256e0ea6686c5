using System.Net;
using Nano.Actors.Cluster;

namespace Nano.Gateway.Tests.Observability;

/// <summary>/health (liveness) and /ready (readiness from the router's ClusterStatus) with the reasons for 503.</summary>
public class HealthSpec(ITestOutputHelper output) : ObservabilitySpecBase(output)
{
    private const string Self = "akka.tcp://nano@127.0.0.1:4053";

    [Fact]
    public async Task A_standalone_node_is_live_and_ready_once_its_pool_answers()
    {
        await StartAsync();
        var (health, live) = await GetJsonAsync("health");
        Assert.Equal(HttpStatusCode.OK, health);
        Assert.Equal("ok", (string?)live["status"]);
        var (ready, body) = await GetJsonAsync("ready");
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("ready", (string?)body["status"]);
    }

    [Fact]
    public async Task A_cluster_without_an_npu_member_is_not_ready_and_says_why()
    {
        var gatewayOnly = Board(Self, "Up", NodeRoles.Gateway);
        await StartAsync(Router(new ClusterStatus(Self, Self, true, [gatewayOnly],
            [new ReplicaPlacement("tiny", 0, "tiny#0", null, null, "no npu member has room")])));
        var (status, body) = await GetJsonAsync("ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not_ready", (string?)body["status"]);
        var reasons = body["reasons"]!.Values<string>().ToList();
        Assert.Contains("no npu node is up", reasons);
        Assert.Contains("model 'tiny' is not placed: no npu member has room", reasons);
        Assert.Equal(HttpStatusCode.OK, (await GetJsonAsync("health")).Status);
    }

    [Fact]
    public async Task A_node_still_joining_with_a_model_not_yet_placed_is_not_ready()
    {
        var npu = Board("akka.tcp://nano@127.0.0.1:4054", "Up", NodeRoles.Npu);
        await StartAsync(Router(new ClusterStatus(Self, npu.Address, true, [Board(Self, "Joining", NodeRoles.Gateway), npu], [])));
        var (status, body) = await GetJsonAsync("ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal([$"this node ({Self}) is Joining, not Up", "model 'tiny' is not placed: no replica placed yet"],
            body["reasons"]!.Values<string>().ToList());
    }

    [Fact]
    public async Task A_cluster_with_every_model_placed_on_an_up_npu_member_is_ready()
    {
        var npu = Board("akka.tcp://nano@127.0.0.1:4054", "Up", NodeRoles.Npu);
        await StartAsync(Router(new ClusterStatus(Self, Self, true, [Board(Self, "Up", NodeRoles.Gateway), npu],
            [new ReplicaPlacement("tiny", 0, "tiny#0", npu.Address, "b1", null)])));
        Assert.Equal(HttpStatusCode.OK, (await GetJsonAsync("ready")).Status);
    }

    [Fact]
    public async Task A_router_that_does_not_answer_makes_the_node_not_ready()
    {
        var silent = CreateTestProbe("silent");
        await StartAsync(silent.Ref);
        var (status, body) = await GetJsonAsync("ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("did not answer", (string?)body["reasons"]![0]);
    }

    private static BoardStatus Board(string address, string status, string role) =>
        new(address, address[^4..], status, [role], "rk3588", 16000, 4, 0, 0, null);

    private IActorRef Router(ClusterStatus status) => Router(() => status);
}
