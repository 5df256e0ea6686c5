namespace Nano.LoadGen.Internal.Json;

/// <summary>What the load generator needs from one JSON-RPC message; everything else in it is skipped unread.</summary>
internal struct RpcMessage
{
    public bool HasId;
    public long Id;
    /// <summary>method is notifications/progress.</summary>
    public bool IsProgress;
    public bool HasProgressToken;
    public long ProgressToken;
    public bool HasResult;
    /// <summary>A JSON-RPC error, with its code.</summary>
    public bool HasError;
    public int ErrorCode;
    /// <summary>error.data.retry_after_ms, or structuredContent.error.retry_after_ms of a tool error.</summary>
    public bool RetryAfter;
    /// <summary>result.isError: the tool failed; its code is structuredContent.error.code.</summary>
    public bool IsToolError;
    public int ToolErrorCode;
    /// <summary>structuredContent.usage.completion_tokens of a generate result.</summary>
    public long CompletionTokens;
}
