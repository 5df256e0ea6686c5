namespace Nano.Gateway.JsonRpc;

/// <summary>What the codec accepts: frames larger or deeper than this are refused with an error, never parsed.</summary>
public sealed record JsonRpcLimits
{
    /// <summary>Largest frame in bytes (4 MiB by default, nano.gateway.max-message-bytes).</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays and objects (nano.gateway.max-json-depth).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most messages in one batch (nano.gateway.input.max-batch-size); a larger batch is -32600.</summary>
    public int MaxBatchSize { get; init; } = 256;

    public static JsonRpcLimits Default { get; } = new();
}
