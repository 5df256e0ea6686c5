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
            ["placement"] = new JArray((cluster?.Placements ?? []).Where(p => p.ModelId == name).Select(p => Replica(p, cluster!))),
        };
        return json;
    }

    /// <summary>
    /// One replica: where it is (node, address, board type) and, from that board's last pool report, the model's
    /// state, handles and memory there (null while unplaced or before the board reported it).
    /// </summary>
    private static JObject Replica(ReplicaPlacement placement, ClusterStatus cluster)
    {
        var board = placement.Address is null ? null : cluster.Boards.FirstOrDefault(b => b.Address == placement.Address);
        var there = board?.Pool?.Models.FirstOrDefault(m => m.ModelId == placement.ModelId);
        return new JObject
        {
            ["replica"] = placement.Replica,
            ["node"] = placement.Node,
            ["address"] = placement.Address,
            ["board"] = board is null || board.Board.Length == 0 ? null : board.Board,
            ["state"] = there?.State.ToString().ToLowerInvariant(),
            ["instances"] = there?.Handles.Count,
            ["memory_mb"] = there?.MemoryMb,
            ["unplaced_reason"] = placement.UnplacedReason,
        };
    }
}
