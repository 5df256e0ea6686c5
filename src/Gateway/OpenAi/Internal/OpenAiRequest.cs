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
    /// <summary>The request's function tools as the JSON array RKLLM takes (rkllm_set_function_tools), or null.</summary>
    public string? ToolsJson { get; init; }
    public string ToolsSystemPrompt { get; init; } = "You are a helpful assistant.";
}
