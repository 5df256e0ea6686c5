using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>A tools/call turned into what the session does: an actor message to send, or why not.</summary>
internal abstract record ToolCall;

/// <summary>A generate or embeddings run: the session adds the request id and itself as ReplyTo.</summary>
internal sealed record GenerateCall : ToolCall
{
    public required string ModelId { get; init; }
    public required RkllmInput Input { get; init; }
    public RkllmInferMode Mode { get; init; } = RkllmInferMode.Generate;
    public SamplingOverrides? Sampling { get; init; }
    public int? MaxNewTokens { get; init; }
    public string? LoraAdapter { get; init; }
    public string? PromptCache { get; init; }
    public string? SessionId { get; init; }
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;
    public TimeSpan? Timeout { get; init; }
    /// <summary>The client's own id for the run (request_id argument), used as the pool's request id.</summary>
    public string? ClientRequestId { get; init; }
    /// <summary>Embeddings: "last" or "mean" row of the hidden layer.</summary>
    public string Pooling { get; init; } = "last";
}

internal sealed record CommandCall(ModelCommand Command) : ToolCall;

/// <summary>list_models (ModelId null) or model_status.</summary>
internal sealed record StatusCall(string? ModelId) : ToolCall;

/// <summary>cluster_status.</summary>
internal sealed record ClusterStatusCall : ToolCall;

/// <summary>add_model (Entry: a models.json entry) or remove_model (ModelId).</summary>
internal sealed record AdminCall(string? ModelId, Newtonsoft.Json.Linq.JObject? Entry) : ToolCall;

internal sealed record AbortCall(string RequestId, string? ModelId) : ToolCall;

/// <summary>Arguments that fit the schema but cannot run (not a vision model, ...): an isError result.</summary>
internal sealed record ToolRefusal(int Code, string Message) : ToolCall;

/// <summary>Arguments that do not fit the schema: a -32602 error.</summary>
internal sealed record InvalidArguments(string Message) : ToolCall
{
    /// <summary>The error's data: which input limit was exceeded, when that was the problem.</summary>
    public Newtonsoft.Json.Linq.JObject? Data { get; init; }
}
