using Nano.Actors.Diagnostics;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>
/// Every board's host load (CPU, RAM, NPU) travels in its board report, so every node's cluster status (and with it
/// /metrics and the status page) shows every board's, not only its own.
/// </summary>
public sealed class HostLoadSpec : IDisposable
{
    private readonly string _npuLoadFile = Path.Combine(Path.GetTempPath(), $"nano-npu-load-{Guid.NewGuid():N}");

    [Fact]
    public async Task Every_node_sees_a_host_sample_for_every_board_including_gateway_only_ones()
    {
        // The boards share one process, so one load file; the cores arriving intact show the sample crossed the wire.
        File.WriteAllText(_npuLoadFile, "NPU load:  Core0: 12%, Core1:  0%, Core2: 57%,\n");
        var options = TestCluster.Options([SimModels.Small()]) with { Pool = new() { NpuLoadFile = _npuLoadFile } };
        await using var cluster = await SimulatedCluster.StartAsync(options,
            [new SimBoardSpec("b1"), new SimBoardSpec("b2"), SimBoardSpec.GatewayOnly("g")]);

        // A node builds its status from the reports it received, its own included: a sample on another board's entry
        // came from that board.
        var seen = await cluster.WaitEverywhereAsync(s => s.Boards.Count == 3 && s.Boards.All(b => b.Host is not null),
            TimeSpan.FromSeconds(20), "a host sample for every board");

        Assert.Equal(["b1", "b2", "g"], seen.Boards.Select(b => b.Node).Order());
        foreach (var board in seen.Boards)
        {
            var host = board.Host!;
            Assert.True(host.NpuLoadAvailable, $"{board.Node}: NPU load unavailable");
            Assert.Equal([new NpuCoreLoad("0", 12), new NpuCoreLoad("1", 0), new NpuCoreLoad("2", 57)], host.NpuCores);
            Assert.True(host.ProcessResidentBytes > 0, $"{board.Node}: no RSS");
            if (OperatingSystem.IsLinux())
                Assert.True(host is { CpuLoad: >= 0, MemoryTotalBytes: > 0, MemoryAvailableBytes: > 0 }, $"{board.Node}: {host}");
        }
    }

    public void Dispose() => File.Delete(_npuLoadFile);
}
