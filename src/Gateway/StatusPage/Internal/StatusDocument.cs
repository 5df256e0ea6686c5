using Nano.Actors.Cluster;
using Nano.Actors.Diagnostics;
using Nano.Actors.Protocol;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.StatusPage.Internal;

/// <summary>
/// The JSON of <c>/status.json</c>: the router's cluster status flattened for the page (every board with its host load),
/// plus recent activity.
/// </summary>
internal static class StatusDocument
{
    public static JObject Build(ClusterStatus status, ActivitySnapshot activity, DateTimeOffset at) => new()
    {
        ["generated_at"] = at.ToString("O"),
        ["clustered"] = status.Clustered,
        ["self"] = status.SelfAddress,
        ["leader"] = status.Leader,
        ["boards"] = new JArray(status.Boards.Select(Board)),
        ["models"] = new JArray(status.Boards.Where(b => b.Pool is not null).SelectMany(b => b.Pool!.Models.Select(m => Model(b, m)))),
        ["placements"] = new JArray(status.Placements.Select(p => new JObject
        {
            ["model"] = p.ModelId,
            ["replica"] = p.Replica,
            ["node"] = p.Node,
            ["address"] = p.Address,
            ["unplaced_reason"] = p.UnplacedReason,
        })),
        ["activity"] = Activity(activity),
    };

    /// <summary>When the router did not answer: the page still shows activity and says why the rest is missing.</summary>
    public static JObject Unavailable(string reason, ActivitySnapshot activity, DateTimeOffset at) => new()
    {
        ["generated_at"] = at.ToString("O"),
        ["error"] = reason,
        ["boards"] = new JArray(),
        ["models"] = new JArray(),
        ["placements"] = new JArray(),
        ["activity"] = Activity(activity),
    };

    private static JObject Board(BoardStatus b) => new()
    {
        ["node"] = b.Node,
        ["address"] = b.Address,
        ["status"] = b.Status,
        ["roles"] = new JArray(b.Roles),
        ["board"] = b.Board,
        ["memory_mb"] = b.MemoryMb,
        ["reserved_memory_mb"] = b.ReservedMemoryMb,
        ["max_handles"] = b.MaxHandles,
        ["placed_replicas"] = b.PlacedReplicas,
        ["live_handles"] = b.Pool?.LiveHandles,
        ["used_memory_mb"] = b.Pool?.UsedMemoryMb,
        ["memory_budget_mb"] = b.Pool?.MemoryBudgetMb,
        ["queue_depth"] = b.Pool?.Models.Sum(m => m.QueueDepth),
        ["host"] = b.Host is { } host ? Host(host) : null,
    };

    /// <summary>The board's CPU, RAM and NPU load from its last report; npu_cores is empty when NPU load is unavailable.</summary>
    private static JObject Host(HostSample h) => new()
    {
        ["cpu_load"] = h.CpuLoad is { } cpu ? Math.Round(cpu, 3) : (double?)null,
        ["memory_total_bytes"] = h.MemoryTotalBytes,
        ["memory_available_bytes"] = h.MemoryAvailableBytes,
        ["npu_load_available"] = h.NpuLoadAvailable,
        ["npu_cores"] = new JArray(h.NpuCores.Select(c => new JObject { ["core"] = c.Core, ["percent"] = c.Percent })),
        ["process_resident_bytes"] = h.ProcessResidentBytes,
    };

    private static JObject Model(BoardStatus board, ModelStatus m) => new()
    {
        ["model"] = m.ModelId,
        ["node"] = board.Node,
        ["state"] = m.State.ToString(),
        ["runtime"] = m.Runtime,
        ["simulated"] = m.Simulated,
        ["queue_depth"] = m.QueueDepth,
        ["max_instances"] = m.MaxInstances,
        ["memory_mb"] = m.MemoryMb,
        ["failure_reason"] = m.FailureReason,
        ["handles"] = new JArray(m.Handles.Select(h => new JObject
        {
            ["handle"] = h.HandleId,
            ["domain"] = h.DomainId,
            ["memory_mb"] = h.MemoryMb,
            ["busy"] = h.Busy,
            ["active_runs"] = h.ActiveRuns,
            ["session"] = h.SessionId,
        })),
    };

    private static JObject Activity(ActivitySnapshot a) => new()
    {
        ["window_seconds"] = ActivityTracker.WindowSeconds,
        ["tokens_per_second"] = new JArray(a.Seconds.Select(p => p.Tokens)),
        ["latency_ms"] = new JArray(a.Seconds.Select(p => p.LatencyMs is { } l ? new JValue(Math.Round(l, 1)) : JValue.CreateNull())),
        ["ttft_ms"] = new JArray(a.Seconds.Select(p => p.TimeToFirstTokenMs is { } t ? new JValue(Math.Round(t, 1)) : JValue.CreateNull())),
        ["completed"] = a.Completed,
        ["failed"] = a.Failed,
        ["rejected"] = a.Rejected,
        ["tokens"] = a.Tokens,
        ["recent_errors"] = new JArray(a.RecentErrors.Select(e => new JObject
        {
            ["at"] = e.At.ToString("O"),
            ["outcome"] = e.Outcome.ToString().ToLowerInvariant(),
            ["model"] = e.ModelId,
            ["code"] = e.Error?.ToString(),
            ["message"] = e.Message,
        })),
    };
}
