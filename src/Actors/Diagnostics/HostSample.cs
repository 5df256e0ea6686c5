namespace Nano.Actors.Diagnostics;

/// <summary>
/// One board's host load at one moment: what its <see cref="Cluster.BoardReporter"/> sends with every report (the
/// standalone pool samples it per status query), so any node's /metrics and status page show every board. Crosses
/// nodes as JSON: arrays, one constructor.
/// </summary>
/// <param name="CpuLoad">The 1-minute load average over the online CPU count (1.0: every core busy); null without /proc/loadavg.</param>
/// <param name="MemoryTotalBytes">MemTotal; null without /proc/meminfo.</param>
/// <param name="MemoryAvailableBytes">MemAvailable; null without /proc/meminfo.</param>
/// <param name="NpuLoadAvailable">Whether the RKNPU load file was readable; false means "NPU load unavailable", not idle.</param>
/// <param name="NpuCores">Load per NPU core (empty when unavailable).</param>
/// <param name="ProcessResidentBytes">Resident set size of the nano process on the board.</param>
public sealed record HostSample(
    double? CpuLoad,
    long? MemoryTotalBytes,
    long? MemoryAvailableBytes,
    bool NpuLoadAvailable,
    NpuCoreLoad[] NpuCores,
    long ProcessResidentBytes);

/// <summary>One NPU core's load from the RKNPU driver.</summary>
/// <param name="Core">"0", "1", ... or "all" on single-core NPUs (which report one figure).</param>
public sealed record NpuCoreLoad(string Core, double Percent);
