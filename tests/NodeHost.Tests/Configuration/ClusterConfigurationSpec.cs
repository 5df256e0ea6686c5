using Nano.NodeHost.Configuration;

namespace Nano.NodeHost.Tests.Configuration;

/// <summary>Cluster mode's settings: off by default, on with any cluster flag, validated with the setting's name.</summary>
public sealed class ClusterConfigurationSpec : IDisposable
{
    private readonly ConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private NodeConfiguration Build(NodeOverrides? cli = null, Dictionary<string, string?>? env = null)
    {
        _folder.Write("""{ "models": [ { "name": "q", "path": "sim://qwen2-0.5b-w8a8", "runtime": "sim", "replicas": 2 } ] }""");
        return NodeConfiguration.Build((cli ?? NodeOverrides.None) with { ConfigPath = _folder.ConfigPath }, env ?? []);
    }

    [Fact]
    public void A_node_is_standalone_unless_a_cluster_flag_or_variable_says_otherwise()
    {
        var standalone = Build();
        Assert.False(standalone.Cluster.Enabled);
        Assert.Equal(["npu", "gateway"], standalone.Cluster.Roles);
        Assert.Equal(2, standalone.Models.Models[0].Replicas);

        var seeded = Build(new NodeOverrides { SeedNodes = "akka.tcp://nano@127.0.0.1:4053", Roles = "npu", ClusterPort = 4054, NodeName = "b2" });
        Assert.True(seeded.Cluster.Enabled);
        Assert.Equal(["akka.tcp://nano@127.0.0.1:4053"], seeded.Cluster.SeedNodes);
        Assert.Equal(["npu"], seeded.Cluster.Roles);
        Assert.Equal(4054, seeded.Cluster.Port);
        Assert.Equal("127.0.0.1", seeded.Cluster.Host);
        Assert.Equal("b2", seeded.NodeName);

        var fromEnv = Build(env: new() { ["NANO_CLUSTER__ENABLED"] = "on", ["NANO_CLUSTER__ROLES"] = "gateway", ["NANO_CLUSTER__SEED_NODES"] = "akka.tcp://nano@10.0.0.1:4053,akka.tcp://nano@10.0.0.2:4053" });
        Assert.True(fromEnv.Cluster.Enabled);
        Assert.Equal(["gateway"], fromEnv.Cluster.Roles);
        Assert.Equal(2, fromEnv.Cluster.SeedNodes.Count);
    }

    [Fact]
    public void Board_capacity_flags_set_the_pool_budget_and_handle_slots()
    {
        var node = Build(new NodeOverrides { BoardMemoryMb = 7168, MaxHandles = 3, Board = "rk3576" });
        Assert.Equal(7168, node.Pool.MemoryBudgetMb);
        Assert.Equal(3, node.Pool.MaxHandles);
        Assert.Equal("rk3576", node.Board);
        Assert.Equal("rk3588", Build().Board);
    }

    [Theory]
    [InlineData("npu,router", null, "nano.cluster.roles")]
    [InlineData(null, "akka.tcp://other@127.0.0.1:4053", "nano.cluster.seed-nodes")]
    [InlineData(null, "127.0.0.1:4053", "nano.cluster.seed-nodes")]
    public void Bad_roles_or_seed_nodes_are_refused_naming_the_setting(string? roles, string? seeds, string setting)
    {
        var e = Assert.Throws<NodeConfigurationException>(() => Build(new NodeOverrides { Roles = roles, SeedNodes = seeds }));
        Assert.Contains(setting, e.Message);
    }
}
