namespace Nano.Actors.Protocol;

/// <summary>Messages routed by model: the shard extractor and the pool read the model id from here.</summary>
public interface IWithModelId
{
    string ModelId { get; }
}

/// <summary>Messages about one accepted request.</summary>
public interface IWithRequestId
{
    string RequestId { get; }
}
