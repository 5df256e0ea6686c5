using Nano.Actors.Cluster;
using Nano.Actors.Diagnostics;

namespace Nano.Gateway.Tests.Observability;

/// <summary>
/// One node's /metrics shows every board's host load, by node, from the boards' reports in the router's
/// ClusterStatus; a board that leaves takes its series with it.
/// </summary>
public class HostMetricsSpec(ITestOutputHelper output) : ObservabilitySpecBase(output)
{
    private const string Self = "akka.tcp://nano@127.0.0.1:4053";
    private const long GiB = 1L << 30;

    private static readonly BoardStatus Gateway = Board(Self, "g", NodeRoles.Gateway,
        new HostSample(0.1, 4 * GiB, 3 * GiB, false, [], 90_000_000));
    private static readonly BoardStatus B1 = Board("akka.tcp://nano@127.0.0.1:4054", "b1", NodeRoles.Npu,
        new HostSample(0.25, 16 * GiB, 9 * GiB, true, [new("0", 12), new("1", 40), new("2", 0)], 300_000_000));
    private static readonly BoardStatus B2 = Board("akka.tcp://nano@127.0.0.1:4055", "b2", NodeRoles.Npu,
        new HostSample(1.5, 8 * GiB, 1 * GiB, false, [], 200_000_000));
    /// <summary>Joined, not reported yet: no host sample.</summary>
    private static readonly BoardStatus B3 = Board("akka.tcp://nano@127.0.0.1:4056", "b3", NodeRoles.Npu, null);

    [Fact]
    public async Task Every_board_in_the_status_has_its_host_load_under_its_node_label()
    {
        await StartAsync(Router(() => Status(Gateway, B1, B2, B3)));
        var scrape = await ScrapeAsync();
        Output!.WriteLine(scrape.Text);

        Assert.Equal(["b1", "b2", "g"], Nodes(scrape, "nano_host_cpu_load"));
        Assert.Equal(0.25, scrape.Value("nano_host_cpu_load", ("node", "b1")));
        Assert.Equal(1.5, scrape.Value("nano_host_cpu_load", ("node", "b2")));
        Assert.Equal(16 * GiB, scrape.Value("nano_host_memory_total_bytes", ("node", "b1")));
        Assert.Equal(1 * GiB, scrape.Value("nano_host_memory_available_bytes", ("node", "b2")));
        Assert.Equal(300_000_000, scrape.Value("nano_process_resident_bytes", ("node", "b1")));
        Assert.Equal(1, scrape.Value("nano_host_npu_load_available", ("node", "b1")));
        Assert.Equal(0, scrape.Value("nano_host_npu_load_available", ("node", "b2")));
        Assert.Equal(40, scrape.Value("nano_host_npu_load_percent", ("node", "b1"), ("core", "1")));
        Assert.Equal(["b1"], Nodes(scrape, "nano_host_npu_load_percent"));
        Assert.Equal(4, scrape.Value("nano_cluster_members", ("status", "Up")));
    }

    [Fact]
    public async Task A_board_that_left_takes_its_host_series_with_it()
    {
        var boards = new[] { Gateway, B1, B2 };
        await StartAsync(Router(() => Status(Volatile.Read(ref boards))));
        var before = await ScrapeAsync();
        Assert.Equal(["b1", "b2", "g"], Nodes(before, "nano_host_cpu_load"));

        Volatile.Write(ref boards, [Gateway, B2]);
        var after = await ScrapeAsync();

        foreach (var metric in (string[])["nano_host_cpu_load", "nano_host_memory_total_bytes", "nano_host_memory_available_bytes",
                     "nano_host_npu_load_available", "nano_host_npu_load_percent", "nano_process_resident_bytes"])
            Assert.False(after.Has(metric, ("node", "b1")), $"{metric} still reports b1, which left");
        Assert.Equal(["b2", "g"], Nodes(after, "nano_host_cpu_load"));
    }

    private static string[] Nodes(PrometheusText scrape, string metric) =>
        scrape.Samples().Where(s => s.Name == metric).Select(s => s.Labels["node"]).Distinct().Order().ToArray();

    private static ClusterStatus Status(params BoardStatus[] boards) => new(Self, Self, true, boards, []);

    private static BoardStatus Board(string address, string node, string role, HostSample? host) =>
        new(address, node, "Up", [role], "rk3588", 16000, 4, 0, 0, null, host);
}
