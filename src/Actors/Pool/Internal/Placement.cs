using Nano.Actors.Configuration;

namespace Nano.Actors.Pool.Internal;

internal enum PlacementKind
{
    /// <summary>Start the handle now on <see cref="PlacementPlan.DomainId"/>.</summary>
    Place,
    /// <summary>Drain these least recently used idle handles first; the handle starts when they have stopped.</summary>
    Evict,
    /// <summary>Handles already draining will make room; wait for them.</summary>
    WaitForDrain,
    NoRoom,
}

internal sealed record PlacementPlan(PlacementKind Kind, int DomainId, IReadOnlyList<HandleSlot> Victims, string Reason);

/// <summary>Decides whether and where a new handle fits: handle slots, the memory budget and a domain.</summary>
internal static class Placement
{
    public static PlacementPlan Plan(ModelDefinition model, IEnumerable<HandleSlot> slots, PoolSettings settings)
    {
        var all = slots.ToList();
        if (TryFit(model.MemoryLimitMb, all, settings, out var domain, out var reason))
            return new PlacementPlan(PlacementKind.Place, domain, [], "");

        // Draining and faulted handles free their room by themselves once they stop.
        var staying = all.Where(s => s.IsLive).ToList();
        if (TryFit(model.MemoryLimitMb, staying, settings, out _, out _))
            return new PlacementPlan(PlacementKind.WaitForDrain, -1, [], reason);

        // Evicting an idle handle of the same model to start another of it gains nothing.
        var victims = new List<HandleSlot>();
        foreach (var candidate in staying.Where(s => s.IsIdle && s.ModelId != model.Name).OrderBy(s => s.LastUsed).ToList())
        {
            victims.Add(candidate);
            staying.Remove(candidate);
            if (TryFit(model.MemoryLimitMb, staying, settings, out _, out _))
                return new PlacementPlan(PlacementKind.Evict, -1, victims, reason);
        }
        return new PlacementPlan(PlacementKind.NoRoom, -1, [], $"{reason}, and no idle handle can be evicted");
    }

    private static bool TryFit(long memoryMb, IReadOnlyCollection<HandleSlot> occupants, PoolSettings settings, out int domain, out string reason)
    {
        domain = -1;
        if (memoryMb > settings.MemoryBudgetMb)
        {
            reason = $"it needs {memoryMb} MB of NPU memory but the node budget is {settings.MemoryBudgetMb} MB";
            return false;
        }
        if (occupants.Count >= settings.MaxHandles)
        {
            reason = $"all {settings.MaxHandles} handle slots of the node are in use";
            return false;
        }
        var used = occupants.Sum(o => o.MemoryMb);
        if (used + memoryMb > settings.MemoryBudgetMb)
        {
            reason = $"not enough NPU memory: {memoryMb} MB needed, {used} of {settings.MemoryBudgetMb} MB in use";
            return false;
        }
        if (MemoryDomains.Assign(memoryMb, occupants.Select(o => (o.DomainId, o.MemoryMb)), settings) is not { } d)
        {
            reason = $"no NPU memory domain is free for a {memoryMb} MB handle "
                + $"(handles of at least {settings.DomainSizeMb / 2} MB need a domain of their own)";
            return false;
        }
        domain = d;
        reason = "";
        return true;
    }
}
