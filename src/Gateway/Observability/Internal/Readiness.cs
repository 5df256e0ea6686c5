using Nano.Actors.Cluster;
using Nano.Actors.Configuration;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// Why a node cannot serve yet, from the router's <see cref="ClusterStatus"/>: in cluster mode this node must be an
/// Up member, some npu member must be Up, and every configured model must have a placed replica. Standalone, the pool
/// answering is enough (it places every model itself and loads lazily).
/// </summary>
internal static class Readiness
{
    public static IReadOnlyList<string> Reasons(ClusterStatus status, IReadOnlyList<ModelDefinition> models)
    {
        var reasons = new List<string>();
        if (status.Clustered)
        {
            var self = status.Boards.FirstOrDefault(b => b.Address == status.SelfAddress);
            if (self is null)
                reasons.Add($"this node ({status.SelfAddress}) has not joined the cluster");
            else if (self.Status != "Up")
                reasons.Add($"this node ({status.SelfAddress}) is {self.Status}, not Up");
        }
        if (!status.Boards.Any(b => b.Status == "Up" && b.Roles.Contains(NodeRoles.Npu)))
            reasons.Add("no npu node is up");
        foreach (var model in models)
        {
            var replicas = status.Placements.Where(p => p.ModelId == model.Name).ToList();
            if (replicas.Any(p => p.Address is not null)) continue;
            var why = replicas.Select(p => p.UnplacedReason).FirstOrDefault(r => r is not null) ?? "no replica placed yet";
            reasons.Add($"model '{model.Name}' is not placed: {why}");
        }
        return reasons;
    }
}
