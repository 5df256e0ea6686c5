using Akka.Actor;
using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Protocol;

public enum RequestPriority
{
    /// <summary>Served first, shed last.</summary>
    Interactive,
    /// <summary>Served after interactive work, shed first under pressure.</summary>
    Batch,
}

/// <summary>Per-request sampling overrides; null fields keep the model's defaults.</summary>
public sealed record SamplingOverrides
{
    public int? TopK { get; init; }
    public float? TopP { get; init; }
    public float? Temperature { get; init; }
    public float? RepeatPenalty { get; init; }
    public float? FrequencyPenalty { get; init; }
    public float? PresencePenalty { get; init; }
}

/// <summary>
/// One inference. Replies go to <see cref="ReplyTo"/>: zero or more <see cref="TokenChunk"/>, then exactly one of
/// <see cref="Completed"/>, <see cref="Failed"/> or <see cref="Rejected"/>.
/// </summary>
public sealed record GenerateRequest : IWithModelId, IWithRequestId
{
    public required string RequestId { get; init; }
    public required string ModelId { get; init; }
    /// <summary>The runtime input (prompt with role/thinking flag, token ids, embeddings or multimodal).</summary>
    public required RkllmInput Input { get; init; }
    public RkllmInferMode Mode { get; init; } = RkllmInferMode.Generate;
    public SamplingOverrides? Sampling { get; init; }
    /// <summary>Null keeps the model's default.</summary>
    public int? MaxNewTokens { get; init; }
    public string? LoraAdapter { get; init; }
    /// <summary>Save this run's prompt cache to the named cache of the model.</summary>
    public string? PromptCache { get; init; }
    /// <summary>
    /// Function tools for this run only (an OpenAI request's <c>tools</c>). Null runs with the handle's standing tools
    /// (models.json <c>function_tools</c> or the last set_function_tools command), or none: never a previous run's.
    /// </summary>
    public FunctionToolsDefinition? FunctionTools { get; init; }
    /// <summary>Requests with the same session id go to the same handle while it lives (KV-cache reuse, keep_history).</summary>
    public string? SessionId { get; init; }
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;
    /// <summary>Null uses the configured per-request timeout (30 s by default).</summary>
    public TimeSpan? Timeout { get; init; }
    public required IActorRef ReplyTo { get; init; }
}

/// <summary>Cancels a request wherever it is: queued requests are removed, running ones end in rkllm_abort.</summary>
public sealed record CancelRequest(string ModelId, string RequestId) : IWithModelId, IWithRequestId;
