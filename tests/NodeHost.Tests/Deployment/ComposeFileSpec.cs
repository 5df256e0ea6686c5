using System.Net;
using Nano.Actors.Cluster;
using Nano.Gateway.Transports;
using Nano.NodeHost.Configuration;
using Nano.Runtime;

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>docker-compose.yml: the topology (a gateway seed and three npu nodes) and that the node reads every setting it gives.</summary>
public class ComposeFileSpec
{
    private static readonly string[] Npus = ["npu1", "npu2", "npu3"];

    private static IReadOnlyDictionary<string, ComposeService> Services => ComposeFile.Services;

    /// <summary>The node's own configuration of a service: its environment, with the mounted models.json at its source path.</summary>
    private static NodeConfiguration Configure(ComposeService service)
    {
        var environment = service.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        Assert.Equal("/config/models.json", environment["NANO_MODELS_CONFIG"]);
        Assert.Contains("./config/models.json:/config/models.json:ro", service.Volumes);
        environment["NANO_MODELS_CONFIG"] = RepoRoot.File("config", "models.json");
        return NodeConfiguration.Build(NodeOverrides.None, environment);
    }

    [Fact]
    public void The_compose_file_runs_one_gateway_and_three_npu_nodes()
    {
        Assert.Equal(["gateway", .. Npus], Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("gateway", Services["gateway"].Environment["NANO_CLUSTER__ROLES"]);
        foreach (var npu in Npus) Assert.Equal("npu", Services[npu].Environment["NANO_CLUSTER__ROLES"]);
    }

    [Fact]
    public void Every_node_is_read_as_a_cluster_member_with_its_roles_name_and_reachable_address_and_no_ignored_variable()
    {
        foreach (var (name, service) in Services)
        {
            var node = Configure(service);
            Assert.Empty(node.Notes);
            Assert.True(node.Cluster.Enabled, name);
            Assert.Equal(name, node.NodeName);
            // Remoting advertises the service name: the address the other containers resolve.
            Assert.Equal(name, node.Cluster.Host);
            Assert.Equal(4053, node.Cluster.Port);
            string[] roles = name == "gateway" ? [NodeRoles.Gateway] : [NodeRoles.Npu];
            Assert.Equal(roles, node.Cluster.Roles);
            // The simulated runtime by default, so the file runs anywhere.
            Assert.Equal(RuntimeKind.Simulated, node.RuntimeOverride);
        }
    }

    [Fact]
    public void Every_node_joins_through_the_gateway_first_and_every_seed_is_a_service_of_the_file()
    {
        foreach (var (name, service) in Services)
        {
            var seeds = Configure(service).Cluster.SeedNodes;
            Assert.Equal("akka.tcp://nano@gateway:4053", seeds[0]);
            foreach (var seed in seeds)
            {
                var address = Akka.Actor.Address.Parse(seed);
                Assert.True(Services.ContainsKey(address.Host!), $"{name}: seed {seed} names no service");
                Assert.Equal(4053, address.Port);
            }
        }
    }

    [Fact]
    public void Npu_nodes_declare_their_board_capacity()
    {
        foreach (var npu in Npus)
        {
            var node = Configure(Services[npu]);
            Assert.Equal(8192, node.Pool.MemoryBudgetMb);
            Assert.Equal(4, node.Pool.MaxHandles);
            Assert.Equal("rk3588", node.Board);
        }
    }

    [Fact]
    public void The_gateway_binds_all_interfaces_and_publishes_exactly_the_transports_it_serves()
    {
        var gateway = Services["gateway"];
        var node = Configure(gateway);
        Assert.Equal(IPAddress.Any, node.BindAddress);
        var served = node.Endpoints.Select(e => e.Kind == TransportKind.Udp ? $"{e.Port}/udp" : $"{e.Port}").Distinct().Order();
        var published = gateway.Ports.Select(p => p[(p.IndexOf(':', StringComparison.Ordinal) + 1)..]).Select(p =>
        {
            var (outside, inside) = (p.Split(':')[0], p.Split(':')[1]);
            Assert.Equal(outside, inside.Split('/')[0]);
            return inside;
        }).Order();
        Assert.Equal(served, published);
        // No authentication yet: published on the host's loopback, with a comment saying why.
        Assert.All(gateway.Ports, p => Assert.StartsWith("127.0.0.1:", p));
        Assert.Contains("authentication", gateway.Text);
    }

    [Fact]
    public void Npu_services_carry_the_commented_npu_device_mapping_runtime_library_and_models_mounts()
    {
        foreach (var npu in Npus)
        {
            var service = Services[npu];
            Assert.Contains("./models:/models:ro", service.Volumes);
            var comments = service.Text.Split('\n').Where(l => l.TrimStart().StartsWith('#')).ToArray();
            Assert.Contains(comments, l => l.Contains("devices:", StringComparison.Ordinal));
            Assert.Contains(comments, l => l.Contains("- /dev/dri/renderD129", StringComparison.Ordinal));
            Assert.Contains(comments, l => l.Contains("- /dev/rknpu", StringComparison.Ordinal));
            Assert.Contains(comments, l => l.Contains("/usr/lib/librkllmrt.so:/usr/lib/librkllmrt.so:ro", StringComparison.Ordinal));
        }
    }
}
