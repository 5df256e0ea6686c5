using System.Collections.Immutable;
using Nano.Actors.Cluster.Internal;

namespace Nano.Actors.Cluster;

/// <summary>A member as the local view sees it.</summary>
public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

/// <summary>
/// The cluster as one node knows it: members, the boards' last reports and the coordinator's placements.
/// Immutable; <see cref="ClusterViewState"/> swaps whole snapshots.
/// </summary>
public sealed record ClusterSnapshot(
    string SelfAddress,
    ImmutableDictionary<string, MemberView> Members,
    ImmutableDictionary<string, BoardReport> Reports,
    ImmutableDictionary<string, PlacementReport> Placements)
{
    public static readonly ClusterSnapshot Empty = new("", ImmutableDictionary<string, MemberView>.Empty,
        ImmutableDictionary<string, BoardReport>.Empty, ImmutableDictionary<string, PlacementReport>.Empty);

    /// <summary>An npu member that is Up, reachable and has declared its capacity: it can take replicas.</summary>
    public BoardReport? UsableBoard(string address) =>
        Members.TryGetValue(address, out var m) && m.Reachable && m.Status == "Up" && m.Roles.Contains(NodeRoles.Npu)
        && Reports.TryGetValue(address, out var report) ? report : null;

    public IEnumerable<BoardReport> UsableBoards() =>
        Reports.Keys.Select(UsableBoard).OfType<BoardReport>().OrderBy(b => b.Address, StringComparer.Ordinal);

    /// <summary>The live board a replica is placed on, or null (never placed, refused, or its board is gone).</summary>
    public string? PlacedAt(string entityId) =>
        Placements.TryGetValue(entityId, out var p) && p.Address is { } address && UsableBoard(address) is not null ? address : null;

    /// <summary>The usable boards with the replicas the coordinator reported on them (placement's input).</summary>
    internal IReadOnlyList<BoardLoad> Loads(ModelCatalog catalog)
    {
        var byBoard = Placements.Values.Where(p => p.Address is not null && catalog.Knows(p.EntityId))
            .GroupBy(p => p.Address!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.EntityId).ToArray(), StringComparer.Ordinal);
        return UsableBoards().Select(b =>
        {
            var entities = byBoard.GetValueOrDefault(b.Address) ?? [];
            return new BoardLoad(b.Address, b.Node, b.MemoryMb, b.MaxHandles, entities.Sum(catalog.NeedMb), entities);
        }).ToArray();
    }
}

/// <summary>
/// The latest <see cref="ClusterSnapshot"/> of this node, shared by the view actor (writer), the allocation
/// strategy inside the shard coordinator and the router (readers). A volatile reference: readers never lock.
/// </summary>
public sealed class ClusterViewState
{
    private volatile ClusterSnapshot _current = ClusterSnapshot.Empty;

    public ClusterSnapshot Current => _current;

    internal void Set(ClusterSnapshot snapshot) => _current = snapshot;
}
