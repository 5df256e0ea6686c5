namespace Nano.Actors.Cluster.Internal;

/// <summary>Turns a snapshot into the <see cref="ClusterStatus"/> the cluster_status tool shows.</summary>
internal static class ClusterStatusBuilder
{
    public static ClusterStatus Build(ClusterSnapshot snapshot, ModelCatalog catalog, string? leader, bool clustered)
    {
        var loads = snapshot.Loads(catalog);
        var boards = snapshot.Members.Values.OrderBy(m => m.Address, StringComparer.Ordinal).Select(m =>
        {
            snapshot.Reports.TryGetValue(m.Address, out var report);
            var load = loads.FirstOrDefault(l => l.Address == m.Address);
            return new BoardStatus(m.Address, report?.Node ?? m.Address, m.Reachable ? m.Status : "Unreachable", m.Roles,
                report?.Board ?? "", report?.MemoryMb ?? 0, report?.MaxHandles ?? 0, load?.ReservedMb ?? 0,
                load?.Entities.Count ?? 0, report?.Pool, report?.Host);
        }).ToArray();

        var placements = catalog.EntityIds.Select(entity =>
        {
            ReplicaIds.TryParse(entity, out var model, out var k);
            if (snapshot.PlacedAt(entity) is { } address)
                return new ReplicaPlacement(model, k, entity, address, snapshot.Reports[address].Node, null);
            return new ReplicaPlacement(model, k, entity, null, null, UnplacedReason(snapshot, catalog, entity, loads));
        }).ToArray();
        return new ClusterStatus(snapshot.SelfAddress, leader, clustered, boards, placements);
    }

    /// <summary>The coordinator's refusal if it gave one, else what placement would say now.</summary>
    public static string UnplacedReason(ClusterSnapshot snapshot, ModelCatalog catalog, string entity, IReadOnlyList<BoardLoad> loads)
    {
        if (snapshot.Placements.TryGetValue(entity, out var report) && report.Reason is { } refused) return refused;
        var choice = PlacementPlanner.Choose(entity, catalog.NeedMb(entity), loads);
        return choice.Reason ?? $"being placed (fits on {choice.Board!.Node})";
    }
}
