using Nano.Actors.Configuration;

namespace Nano.Actors.Pool.Internal;

/// <summary>
/// Chooses base_domain_id for a new handle. The budget is split into domains of DomainSizeMb; a large
/// handle (at least half a domain) takes an empty domain for itself, so concurrent large models never
/// share one; small handles pack into shared domains while their sum fits.
/// </summary>
internal static class MemoryDomains
{
    public static int Count(PoolSettings settings) =>
        (int)Math.Max(1, settings.MemoryBudgetMb / Math.Max(1, settings.DomainSizeMb));

    public static bool IsLarge(long memoryMb, PoolSettings settings) => memoryMb * 2 >= settings.DomainSizeMb;

    public static int? Assign(long memoryMb, IEnumerable<(int DomainId, long MemoryMb)> occupants, PoolSettings settings)
    {
        var count = Count(settings);
        var used = new long[count];
        var handles = new int[count];
        var exclusive = new bool[count];
        foreach (var (domain, mb) in occupants)
        {
            if (domain < 0 || domain >= count)
                continue;
            used[domain] += mb;
            handles[domain]++;
            exclusive[domain] |= IsLarge(mb, settings);
        }

        if (!IsLarge(memoryMb, settings))
        {
            for (var d = 0; d < count; d++)
            {
                if (handles[d] > 0 && !exclusive[d] && used[d] + memoryMb <= settings.DomainSizeMb)
                    return d;
            }
        }
        for (var d = 0; d < count; d++)
        {
            if (handles[d] == 0)
                return d;
        }
        return null;
    }
}
