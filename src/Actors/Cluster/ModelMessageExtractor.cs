using Akka.Cluster.Sharding;

namespace Nano.Actors.Cluster;

/// <summary>Routes <see cref="ModelEnvelope"/>s: entity id = shard id = "model#replica".</summary>
public sealed class ModelMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        ModelEnvelope e => e.EntityId,
        _ => null,
    };

    public object? EntityMessage(object message) => message switch
    {
        ModelEnvelope e => e.Message,
        _ => message,
    };

    [Obsolete("Use ShardId(EntityId, object) instead.")]
    public string? ShardId(object message) => EntityId(message);

    public string ShardId(string entityId, object? messageHint = null) => entityId;
}
