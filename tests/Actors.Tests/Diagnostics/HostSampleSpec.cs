using Akka.Configuration;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Actors.Diagnostics;
using Nano.Actors.Pool;
using Nano.Actors.Protocol;

namespace Nano.Actors.Tests.Diagnostics;

/// <summary>
/// A HostSample as it travels: sampled from this machine, across nodes in a BoardReport (Akka's default JSON
/// serializer), and in the standalone pool's cluster status.
/// </summary>
public sealed class HostSampleSpec(ITestOutputHelper output)
    : Akka.TestKit.Xunit.TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default), output: output)
{
    private readonly string _npuLoadFile = Path.Combine(Path.GetTempPath(), $"nano-npu-load-{Guid.NewGuid():N}");

    [Fact]
    public void A_missing_npu_load_file_makes_npu_load_unavailable_rather_than_zero()
    {
        var sample = HostSampler.Sample(_npuLoadFile);
        Assert.False(sample.NpuLoadAvailable);
        Assert.Empty(sample.NpuCores);
        Assert.True(sample.ProcessResidentBytes > 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(sample.CpuLoad >= 0);
            Assert.True(sample.MemoryTotalBytes > 0);
            Assert.InRange(sample.MemoryAvailableBytes!.Value, 1, sample.MemoryTotalBytes!.Value);
        }
    }

    [Fact]
    public void A_readable_npu_load_file_gives_the_load_of_each_core()
    {
        File.WriteAllText(_npuLoadFile, "NPU load:  Core0: 12%, Core1:  0%, Core2: 57%,\n");
        var sample = HostSampler.Sample(_npuLoadFile);
        Assert.True(sample.NpuLoadAvailable);
        Assert.Equal([new NpuCoreLoad("0", 12), new NpuCoreLoad("1", 0), new NpuCoreLoad("2", 57)], sample.NpuCores);
    }

    [Fact]
    public void A_board_report_keeps_its_host_sample_through_the_wire_format()
    {
        var host = new HostSample(0.42, 16L << 30, 9L << 30, true, [new NpuCoreLoad("0", 12), new NpuCoreLoad("1", 0)], 123_456_789);
        // Arrays, as BoardReporter sends them: the wire format cannot rebuild compiler-made collection types.
        var report = new BoardReport("akka.tcp://nano@127.0.0.1:4053", "b1", "rk3588", new[] { NodeRoles.Npu },
            16384, 8, new PoolSnapshot("b1", Array.Empty<ModelStatus>(), 0, 8, 0, 16384), DateTimeOffset.UtcNow, host);

        var serializer = Sys.Serialization.FindSerializerFor(report);
        var back = (BoardReport)Sys.Serialization.Deserialize(serializer.ToBinary(report), serializer.Identifier, typeof(BoardReport));

        var received = back.Host!;
        Assert.Equal((0.42, 16L << 30, 9L << 30, true, 123_456_789L),
            (received.CpuLoad, received.MemoryTotalBytes, received.MemoryAvailableBytes, received.NpuLoadAvailable, received.ProcessResidentBytes));
        Assert.Equal(host.NpuCores, received.NpuCores);
    }

    [Fact]
    public async Task A_standalone_pool_samples_its_board_into_the_cluster_status()
    {
        File.WriteAllText(_npuLoadFile, "NPU load:  Core0: 33%, Core1:  0%, Core2:  0%,\n");
        var pool = Sys.ActorOf(PoolActor.Props(new PoolSettings { NpuLoadFile = _npuLoadFile }, [], _ => throw new InvalidOperationException("no models"), "solo"));

        var status = await pool.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(10));

        var host = Assert.Single(status.Boards).Host;
        Assert.NotNull(host);
        Assert.Equal(new NpuCoreLoad("0", 33), host.NpuCores[0]);
    }

    protected override void AfterAll()
    {
        File.Delete(_npuLoadFile);
        base.AfterAll();
    }
}
