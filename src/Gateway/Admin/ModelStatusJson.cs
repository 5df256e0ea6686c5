using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Admin;

/// <summary>A model's administration status: state, instances (handles), board placement, memory and failure reason.</summary>
internal static class ModelStatusJson
{
    public static JObject Of(string name, ModelDefinition? definition, ModelStatus? status, ClusterStatus? cluster)
    {
        var handles = status?.Handles ?? [];
        var json = new JObject
        {
            ["model"] = name,
            ["state"] = (status?.State ?? ModelState.Unloaded).ToString().ToLowerInvariant(),
            ["runtime"] = status?.Runtime ?? definition?.Runtime.Kind.ToString().ToLowerInvariant(),
            ["simulated"] = status?.Simulated ?? definition?.Runtime.Kind == Nano.Runtime.RuntimeKind.Simulated,
            ["path"] = definition?.Path,
            ["instances"] = handles.Count,
            ["max_instances"] = status?.MaxInstances ?? definition?.MaxInstances,
            ["replicas"] = definition?.Replicas,
            ["queue_depth"] = status?.QueueDepth ?? 0,
            ["memory_mb"] = status?.MemoryMb ?? 0,
            ["memory_limit_mb"] = definition?.MemoryLimitMb,
            ["failure_reason"] = status?.FailureReason,
            ["handles"] = new JArray(handles.Select(h => new JObject
            {
                ["handle_id"] = h.HandleId,
                ["domain_id"] = h.DomainId,
                ["memory_mb"] = h.MemoryMb,
                ["busy"] = h.Busy,
                ["active_runs"] = h.ActiveRuns,
                ["session_id"] = h.SessionId,
            })),
            ["placement"] = new JArray((cluster?.Placements ?? []).Where(p => p.ModelId == name).Select(p => new JObject
            {
                ["replica"] = p.Replica,
                ["node"] = p.Node,
                ["address"] = p.Address,
                ["unplaced_reason"] = p.UnplacedReason,
            })),
        };
        return json;
    }
}
