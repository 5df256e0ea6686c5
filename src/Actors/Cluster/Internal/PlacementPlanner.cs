namespace Nano.Actors.Cluster.Internal;

/// <summary>An npu board as placement sees it: declared capacity and the replicas already placed on it.</summary>
internal sealed record BoardLoad(string Address, string Node, long MemoryMb, int MaxHandles, long ReservedMb, IReadOnlyList<string> Entities)
{
    public long FreeMb => MemoryMb - ReservedMb;
    public int FreeSlots => MaxHandles - Entities.Count;
}

/// <summary>Where a replica goes, or why it can go nowhere.</summary>
internal sealed record PlacementChoice(BoardLoad? Board, string? Reason);

/// <summary>
/// The placement rule, pure so the coordinator's strategy, the routers and the status view all agree:
/// a replica needs its model's memory_limit_mb and one handle slot; among boards with room, prefer one without
/// another replica of the same model (spread), then the fewest replicas (even load, and a board that joined
/// empty attracts work), then the most free memory, then the address (deterministic).
/// </summary>
internal static class PlacementPlanner
{
    public static PlacementChoice Choose(string entityId, long needMb, IReadOnlyList<BoardLoad> boards)
    {
        var model = ReplicaIds.ModelOf(entityId);
        BoardLoad? best = null;
        foreach (var board in boards)
        {
            if (board.FreeMb < needMb || board.FreeSlots < 1) continue;
            if (best is null || Better(board, best, model)) best = board;
        }
        return best is not null ? new PlacementChoice(best, null) : new PlacementChoice(null, WhyNot(needMb, boards));
    }

    private static bool Better(BoardLoad a, BoardLoad b, string model)
    {
        var sameA = HostsModel(a, model);
        var sameB = HostsModel(b, model);
        if (sameA != sameB) return !sameA;
        if (a.Entities.Count != b.Entities.Count) return a.Entities.Count < b.Entities.Count;
        if (a.FreeMb != b.FreeMb) return a.FreeMb > b.FreeMb;
        return string.CompareOrdinal(a.Address, b.Address) < 0;
    }

    private static bool HostsModel(BoardLoad board, string model) =>
        board.Entities.Any(e => string.Equals(ReplicaIds.ModelOf(e), model, StringComparison.Ordinal));

    private static string WhyNot(long needMb, IReadOnlyList<BoardLoad> boards)
    {
        if (boards.Count == 0) return "no npu board is up in the cluster";
        var largest = boards.Max(b => b.MemoryMb);
        if (needMb > largest)
            return $"needs {needMb} MB of NPU memory; the largest board has {largest} MB";
        var roomiest = boards.OrderByDescending(b => b.FreeSlots > 0 ? b.FreeMb : -1).First();
        return $"needs {needMb} MB and a handle slot; no board has both free " +
               $"(best: {roomiest.Node} with {roomiest.FreeMb} MB free of {roomiest.MemoryMb} MB, " +
               $"{roomiest.Entities.Count}/{roomiest.MaxHandles} handle slots placed, {boards.Count} board(s) up)";
    }

    /// <summary>
    /// One replica worth moving, if any: one whose best home, were it removed from its board, is another board.
    /// Moving at most one per round keeps hand-offs gentle and lets each move's effect show before the next.
    /// </summary>
    public static string? OneToMove(IReadOnlyList<BoardLoad> boards, Func<string, long> needOf)
    {
        foreach (var source in boards.OrderByDescending(b => b.Entities.Count))
        {
            foreach (var entity in source.Entities)
            {
                var need = needOf(entity);
                var without = source with { ReservedMb = source.ReservedMb - need, Entities = source.Entities.Where(e => e != entity).ToArray() };
                var others = boards.Select(b => ReferenceEquals(b, source) ? without : b).ToArray();
                var choice = Choose(entity, need, others);
                if (choice.Board is not null && choice.Board.Address != source.Address && StrictlyBetter(choice.Board, without, entity))
                    return entity;
            }
        }
        return null;
    }

    /// <summary>Only a real improvement justifies a hand-off (ties would make replicas bounce between boards).</summary>
    private static bool StrictlyBetter(BoardLoad to, BoardLoad source, string entity)
    {
        var model = ReplicaIds.ModelOf(entity);
        var sameTo = HostsModel(to, model);
        var sameFrom = HostsModel(source, model);
        if (sameTo != sameFrom) return !sameTo;
        // 'source' no longer counts the replica: moving helps if the target ends up with fewer than 'source' had.
        return to.Entities.Count < source.Entities.Count;
    }
}
