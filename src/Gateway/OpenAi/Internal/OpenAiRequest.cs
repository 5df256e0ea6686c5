using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>A chat or text completion request, bound and checked: what the run needs and how to answer.</summary>
internal sealed record OpenAiRequest
{
    public required string Model { get; init; }
    public required RkllmInput Input { get; init; }
    public bool Chat { get; init; }
    public SamplingOverrides? Sampling { get; init; }
    public int? MaxTokens { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public bool Stream { get; init; }
    public bool IncludeUsage { get; init; }
    public string? SessionId { get; init; }
    /// <summary>The request's function tools as RKLLM takes them (rkllm_set_function_tools), for this run only; or null.</summary>
    public FunctionToolsDefinition? Tools { get; init; }
}
