using System.Diagnostics;
using Nano.Actors.Diagnostics.Internal;

namespace Nano.Actors.Diagnostics;

/// <summary>
/// Samples the board this process runs on: /proc/loadavg over the online CPUs, /proc/meminfo, the RKNPU driver's
/// load file and the process RSS. Whatever is missing (not Linux, no NPU, debugfs not mounted or not readable) is
/// reported as absent, never as zero. A few small reads: cheap enough for every report and status query.
/// </summary>
public static class HostSampler
{
    /// <summary>The RKNPU driver's debugfs load report (readable by root; /proc/rknpu/load on PROC_FS builds).</summary>
    public const string DefaultNpuLoadFile = "/sys/kernel/debug/rknpu/load";

    public static HostSample Sample(string npuLoadFile = DefaultNpuLoadFile)
    {
        var cpus = HostLoad.OnlineCpus(TryRead("/sys/devices/system/cpu/online")) ?? Environment.ProcessorCount;
        var memory = HostLoad.Memory(TryRead("/proc/meminfo"));
        var npu = TryRead(npuLoadFile) is { } report ? NpuLoad.Parse(report) : null;
        return new HostSample(HostLoad.CpuLoad(TryRead("/proc/loadavg"), cpus), memory?.Total, memory?.Available,
            npu is not null, npu ?? [], ResidentBytes());
    }

    private static long ResidentBytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
