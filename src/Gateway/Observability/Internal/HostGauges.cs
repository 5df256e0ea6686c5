using Nano.Actors.Diagnostics;
using Prometheus;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// Every board's host load by node, from the <see cref="HostSample"/> of its last report: any node's /metrics shows
/// them all. A board that left, or has not reported yet, has no series.
/// </summary>
internal sealed class HostGauges
{
    private readonly LabelledGauge _cpuLoad;
    private readonly LabelledGauge _memTotal;
    private readonly LabelledGauge _memAvailable;
    private readonly LabelledGauge _npuAvailable;
    private readonly LabelledGauge _npuLoad;
    private readonly LabelledGauge _resident;
    private readonly LabelledGauge[] _all;

    public HostGauges(IMetricFactory metrics)
    {
        _cpuLoad = Create(metrics, "nano_host_cpu_load", "1-minute load average over the online CPU count of a board (1.0: every core busy).");
        _memTotal = Create(metrics, "nano_host_memory_total_bytes", "RAM of a board (MemTotal).");
        _memAvailable = Create(metrics, "nano_host_memory_available_bytes", "Available RAM of a board (MemAvailable).");
        _npuAvailable = Create(metrics, "nano_host_npu_load_available",
            "1 when a board's RKNPU load file (/sys/kernel/debug/rknpu/load) is readable, 0 when its NPU load is unavailable.");
        _npuLoad = Create(metrics, "nano_host_npu_load_percent", "NPU load per core of a board, from the RKNPU driver.", "core");
        _resident = Create(metrics, "nano_process_resident_bytes", "Resident set size of the nano process on a board.");
        _all = [_cpuLoad, _memTotal, _memAvailable, _npuAvailable, _npuLoad, _resident];
    }

    private static LabelledGauge Create(IMetricFactory metrics, string name, string help, params string[] labels) =>
        new(metrics.CreateGauge(name, help, ["node", .. labels]));

    public void Set(string node, HostSample? host)
    {
        if (host is null) return;
        if (host.CpuLoad is { } cpu) _cpuLoad.Set(cpu, node);
        if (host.MemoryTotalBytes is { } total) _memTotal.Set(total, node);
        if (host.MemoryAvailableBytes is { } available) _memAvailable.Set(available, node);
        _npuAvailable.Set(host.NpuLoadAvailable ? 1 : 0, node);
        foreach (var core in host.NpuCores)
            _npuLoad.Set(core.Percent, node, core.Core);
        _resident.Set(host.ProcessResidentBytes, node);
    }

    /// <summary>Ends a scrape: drops the series of boards (and cores) this scrape did not set.</summary>
    public void Commit()
    {
        foreach (var gauge in _all) gauge.Commit();
    }
}
