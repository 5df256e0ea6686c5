using Nano.Runtime;

namespace Nano.Actors.Protocol;

/// <summary>Error codes shared by every layer; the gateway maps them to JSON-RPC and HTTP errors.</summary>
public enum NanoErrorCode
{
    QueueFull,
    ResourceExhausted,
    ModelNotFound,
    ModelFailed,
    Timeout,
    Cancelled,
    RuntimeFault,
    BadRequest,
    Internal,
    /// <summary>The board running the request left the cluster mid-generation; retriable elsewhere.</summary>
    NodeLost,
    /// <summary>AddModel named a model the node already has (or is still removing).</summary>
    ModelExists,
}

/// <summary>One piece of generated text, in order (Index counts chunks from 0).</summary>
public sealed record TokenChunk(string RequestId, int Index, string Text, int TokenId) : IWithRequestId;

public enum FinishReason
{
    /// <summary>The model ended the sequence.</summary>
    Stop,
    /// <summary>max_new_tokens reached.</summary>
    Length,
}

public sealed record Usage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>Where and how a request ran: the runtime says whether output is simulated.</summary>
public sealed record RunOrigin(string Node, string ModelId, int HandleId, string Runtime, bool Simulated);

/// <summary>The successful end of a request.</summary>
public sealed record Completed(string RequestId, FinishReason Reason, Usage Usage, RkllmPerfStats? Perf, RunOrigin Origin) : IWithRequestId
{
    /// <summary>Last-hidden-layer or logits output for those infer modes.</summary>
    public float[]? Vectors { get; init; }
    public int VectorWidth { get; init; }
    /// <summary>Milliseconds from acceptance to first token, measured by nano (not the runtime).</summary>
    public double TimeToFirstTokenMs { get; init; }
    public double QueueWaitMs { get; init; }
}

/// <summary>An accepted request that could not complete. Retriable failures may be sent again (elsewhere).</summary>
public sealed record Failed(string RequestId, NanoErrorCode Code, string Message, bool Retriable) : IWithRequestId;

/// <summary>A request refused before it ran (shed, unknown model, no room). RetryAfter says when to try again.</summary>
public sealed record Rejected(string RequestId, NanoErrorCode Code, string Reason, TimeSpan? RetryAfter = null) : IWithRequestId;
