using Nano.Actors.Diagnostics.Internal;

namespace Nano.Actors.Tests.Diagnostics;

/// <summary>The /proc and /sys parsers behind a HostSample's CPU and RAM figures, on sample file contents.</summary>
public sealed class HostLoadSpec
{
    private const string MemInfo = """
        MemTotal:       16281204 kB
        MemFree:         9127480 kB
        MemAvailable:   12745112 kB
        Buffers:          212336 kB
        Cached:          3270812 kB
        """;

    [Fact]
    public void Cpu_load_is_the_one_minute_load_average_over_the_cpu_count()
    {
        Assert.Equal(0.5, HostLoad.CpuLoad("4.00 3.10 2.50 3/517 12345\n", 8));
        Assert.Equal(1.25, HostLoad.CpuLoad("10.00 3.10 2.50 3/517 12345\n", 8));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a load average")]
    public void Cpu_load_is_absent_when_loadavg_is_unreadable(string? loadavg)
    {
        Assert.Null(HostLoad.CpuLoad(loadavg, 8));
    }

    [Theory]
    [InlineData("0-7\n", 8)]
    [InlineData("0\n", 1)]
    [InlineData("0-3,6,8-9\n", 7)]
    public void Online_cpus_count_the_ranges_of_the_online_list(string online, int count)
    {
        Assert.Equal(count, HostLoad.OnlineCpus(online));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3-1")]
    [InlineData("0-x")]
    public void Online_cpus_are_absent_when_the_list_is_unreadable(string? online)
    {
        Assert.Null(HostLoad.OnlineCpus(online));
    }

    [Fact]
    public void Memory_is_mem_total_and_mem_available_in_bytes()
    {
        Assert.Equal((16281204L * 1024, 12745112L * 1024), HostLoad.Memory(MemInfo));
    }

    [Fact]
    public void Memory_is_absent_without_mem_available_or_without_the_file()
    {
        Assert.Null(HostLoad.Memory("MemTotal:       16281204 kB\nMemFree:         9127480 kB\n"));
        Assert.Null(HostLoad.Memory(null));
    }
}
