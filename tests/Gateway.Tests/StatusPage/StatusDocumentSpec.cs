using Nano.Actors.Cluster;
using Nano.Actors.Diagnostics;
using Nano.Gateway.StatusPage;
using Nano.Gateway.StatusPage.Internal;

namespace Nano.Gateway.Tests.StatusPage;

/// <summary>The boards of /status.json carry each board's CPU, RAM and NPU load (or say NPU load is unavailable).</summary>
public sealed class StatusDocumentSpec
{
    [Fact]
    public void Each_board_carries_its_own_host_load_or_none_before_its_first_report()
    {
        var b1 = new HostSample(0.25, 16L << 30, 9L << 30, true, [new("0", 12), new("1", 40), new("2", 0)], 300_000_000);
        var b2 = new HostSample(1.5, 8L << 30, 1L << 30, false, [], 200_000_000);
        var status = new ClusterStatus("a1", "a1", true, [Board("a1", "b1", b1), Board("a2", "b2", b2), Board("a3", "b3", null)], []);

        var boards = StatusDocument.Build(status, new ActivityTracker().Snapshot(), DateTimeOffset.UtcNow)["boards"]!;

        var first = boards.Single(b => (string?)b["node"] == "b1")["host"]!;
        Assert.Equal(0.25, (double)first["cpu_load"]!);
        Assert.Equal(16L << 30, (long)first["memory_total_bytes"]!);
        Assert.Equal(9L << 30, (long)first["memory_available_bytes"]!);
        Assert.True((bool)first["npu_load_available"]!);
        Assert.Equal([12.0, 40.0, 0.0], first["npu_cores"]!.Select(c => (double)c["percent"]!));
        Assert.Equal(300_000_000, (long)first["process_resident_bytes"]!);

        var second = boards.Single(b => (string?)b["node"] == "b2")["host"]!;
        Assert.Equal(1.5, (double)second["cpu_load"]!);
        Assert.False((bool)second["npu_load_available"]!);
        Assert.Empty(second["npu_cores"]!);

        Assert.Equal(JTokenType.Null, boards.Single(b => (string?)b["node"] == "b3")["host"]!.Type);
    }

    private static BoardStatus Board(string address, string node, HostSample? host) =>
        new(address, node, "Up", [NodeRoles.Npu], "rk3588", 16000, 4, 0, 0, null, host);
}
