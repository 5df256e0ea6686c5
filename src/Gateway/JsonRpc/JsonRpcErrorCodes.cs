namespace Nano.Gateway.JsonRpc;

/// <summary>
/// The one error table of the gateway (docs/PROTOCOL.md lists the same). JSON-RPC's own codes, the MCP codes of
/// each revision, and nano's codes, which live outside the range JSON-RPC reserves (-32768..-32000) as MCP
/// 2026-07-28 asks of application errors.
/// </summary>
public static class JsonRpcErrorCodes
{
    // JSON-RPC 2.0.
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    // MCP, legacy revisions (2024-11-05 .. 2025-11-25): resources/read of an unknown URI.
    // 2026-07-28 retired it in favour of -32602 and forbids emitting it.
    public const int ResourceNotFound = -32002;

    // MCP 2026-07-28 (reserved sub-range -32020..-32099).
    /// <summary>HTTP headers disagree with the body, or required headers are missing (HTTP status 400).</summary>
    public const int HeaderMismatch = -32020;
    /// <summary>The request needs a client capability it did not declare; data.requiredCapabilities lists them.</summary>
    public const int MissingRequiredClientCapability = -32021;
    /// <summary>The request's protocol version is not served; data is { supported: [...], requested }.</summary>
    public const int UnsupportedProtocolVersion = -32022;

    // nano (-31001..-31099).
    /// <summary>The model's queue is full; data.retry_after_ms estimates when to retry.</summary>
    public const int QueueFull = -31001;
    /// <summary>No memory or handle room for the model on this node; data.retry_after_ms when known.</summary>
    public const int ResourceExhausted = -31002;
    public const int ModelNotFound = -31003;
    /// <summary>The request ran out of time (nano.pool.request-timeout or the request's own).</summary>
    public const int Timeout = -31004;
    /// <summary>The run was cancelled by nano (abort tool, model unloaded) rather than by this client.</summary>
    public const int Cancelled = -31005;
    /// <summary>The model is marked failed after repeated faults; data carries the reason.</summary>
    public const int ModelFailed = -31006;
    /// <summary>The runtime or its isolated child process faulted during the run.</summary>
    public const int RuntimeFault = -31007;
    /// <summary>This connection already has nano.gateway.max-in-flight requests running.</summary>
    public const int TooManyRequests = -31008;
    /// <summary>The frame exceeds nano.gateway.max-message-bytes (or a datagram's size).</summary>
    public const int MessageTooLarge = -31009;
    /// <summary>The model refused the arguments (unknown LoRA adapter or prompt cache, ...).</summary>
    public const int BadRequest = -31010;
    /// <summary>Cluster mode: the board running the request was lost after it had started streaming; retry it.</summary>
    public const int NodeLost = -31011;

    // nano access control (-31020..-31029).
    /// <summary>No valid API key: none presented where one is required, or one that matches no key. data.name is UNAUTHORIZED.</summary>
    public const int Unauthorized = -31020;
    /// <summary>The key is valid but may not do this (model administration without an admin key).</summary>
    public const int Forbidden = -31021;

    /// <summary>The nano code's symbolic name (QUEUE_FULL, ...), or null for JSON-RPC and MCP codes.</summary>
    public static string? NanoName(int code) => code switch
    {
        QueueFull => "QUEUE_FULL",
        ResourceExhausted => "RESOURCE_EXHAUSTED",
        ModelNotFound => "MODEL_NOT_FOUND",
        Timeout => "TIMEOUT",
        Cancelled => "CANCELLED",
        ModelFailed => "MODEL_FAILED",
        RuntimeFault => "RUNTIME_FAULT",
        TooManyRequests => "TOO_MANY_REQUESTS",
        MessageTooLarge => "MESSAGE_TOO_LARGE",
        BadRequest => "BAD_REQUEST",
        NodeLost => "NODE_LOST",
        Unauthorized => "UNAUTHORIZED",
        Forbidden => "FORBIDDEN",
        _ => null,
    };
}
