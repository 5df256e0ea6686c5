using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Simulation;

namespace Nano.Cluster.Tests.Admin;

/// <summary>Model administration in cluster mode: AddModel through any node's router reaches the whole cluster.</summary>
public sealed class ModelAdditionSpec : TestKit
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_model_added_through_one_node_is_placed_and_serves_requests_sent_to_any_node()
    {
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("base")],
            new SimBoardSpec("a"), new SimBoardSpec("b"), new SimBoardSpec("c"));

        var added = await cluster["a"].AddAsync(SimModels.Small("added", replicas: 2));

        Assert.True(added.Ok, added.Message);
        // Allocated at the same moment, both replicas may land on one board first; rebalance then spreads them.
        var status = await cluster.WaitEverywhereAsync(s => s.Serves("added", 2) && s.NodesOf("added").Distinct().Count() == 2,
            Settle, "both replicas of 'added' placed on two boards and loaded");
        var probe = CreateTestProbe();
        cluster["c"].Router.Tell(Requests.Generate("added-via-c", "added", probe.Ref));
        var done = probe.ExpectCompleted(TimeSpan.FromSeconds(10));
        Assert.Contains(done.Origin.Node, status.NodesOf("added"));
        Assert.True(done.Origin.Simulated);
        // Every pool learns the definition, the one without a replica too (a replica may move there later).
        await AwaitAssertAsync(async () =>
        {
            foreach (var node in cluster.Nodes) Assert.Contains("added", await node.PooledAsync());
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_name_in_use_anywhere_is_refused_with_ModelExists_and_an_invalid_definition_with_its_errors()
    {
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("base")],
            new SimBoardSpec("a"), new SimBoardSpec("b"), new SimBoardSpec("c"));
        Assert.True((await cluster["a"].AddAsync(SimModels.Small("added"))).Ok);
        await cluster.WaitEverywhereAsync(s => s.Placements.Any(p => p.ModelId == "added"), Settle, "every node to know 'added'");

        // Names differing only in case are refused, as in models.json; a models.json name is as taken as an added one.
        var sameName = await cluster["b"].AddAsync(SimModels.Small("ADDED"));
        var configured = await cluster["c"].AddAsync(SimModels.Small("base"));
        var badName = await cluster["c"].AddAsync(SimModels.Small("bad#name"));
        var noReplicas = await cluster["b"].AddAsync(SimModels.Small("zero", replicas: 0));

        Assert.Equal((false, NanoErrorCode.ModelExists), (sameName.Ok, sameName.Code));
        Assert.Contains("'added' already exists", sameName.Message, StringComparison.Ordinal);
        Assert.Equal((false, NanoErrorCode.ModelExists), (configured.Ok, configured.Code));
        Assert.Equal((false, NanoErrorCode.BadRequest), (badName.Ok, badName.Code));
        Assert.Contains("name: 'bad#name' must be", badName.Message, StringComparison.Ordinal);
        Assert.Equal((false, NanoErrorCode.BadRequest), (noReplicas.Ok, noReplicas.Code));
        Assert.Contains("replicas: 0 is out of range 1..64", noReplicas.Message, StringComparison.Ordinal);
        foreach (var node in cluster.Nodes)
        {
            var status = await cluster.StatusAsync(node);
            Assert.Equal(["added", "base"], status.Placements.Select(p => p.ModelId).Distinct().Order());
        }
    }

    [Fact]
    public async Task A_node_that_joins_after_a_model_was_added_knows_it_and_serves_it()
    {
        await using var cluster = await TestCluster.StartAsync([SimModels.Small("base")],
            new SimBoardSpec("a"), new SimBoardSpec("b"), new SimBoardSpec("c"));
        Assert.True((await cluster["b"].AddAsync(SimModels.Small("added"))).Ok);
        await cluster.WaitEverywhereAsync(s => s.Serves("added", 1), Settle, "'added' placed and loaded");

        // Its models.json does not list 'added': only the replicated catalog can tell it.
        var late = await cluster.AddBoardAsync(new SimBoardSpec("d"));

        await AwaitAssertAsync(async () => Assert.Contains("added", await late.PooledAsync()), TimeSpan.FromSeconds(20));
        await cluster.WaitForStatusAsync(s => s.Serves("added", 1), TimeSpan.FromSeconds(20), "d to see 'added' placed", late);
        var probe = CreateTestProbe();
        late.Router.Tell(Requests.Generate("added-via-d", "added", probe.Ref));
        Assert.True(probe.ExpectCompleted(TimeSpan.FromSeconds(10)).Origin.Simulated);
    }
}
