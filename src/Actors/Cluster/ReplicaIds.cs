using System.Globalization;

namespace Nano.Actors.Cluster;

/// <summary>
/// Entity (and shard) ids of model replicas: "model#k". One entity per shard, so the allocation strategy places
/// each replica on its own and the coordinator's bookkeeping is the placement table.
/// </summary>
public static class ReplicaIds
{
    public static string Of(string modelId, int replica) => string.Create(CultureInfo.InvariantCulture, $"{modelId}#{replica}");

    /// <summary>The model and replica index of an entity id; false for ids nano never made.</summary>
    public static bool TryParse(string entityId, out string modelId, out int replica)
    {
        var hash = entityId.LastIndexOf('#');
        if (hash > 0 && int.TryParse(entityId.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out replica))
        {
            modelId = entityId[..hash];
            return true;
        }
        modelId = "";
        replica = -1;
        return false;
    }

    public static string ModelOf(string entityId) => TryParse(entityId, out var model, out _) ? model : entityId;
}
