namespace Nano.Actors.Protocol;

/// <summary>Administrative operations on a model's handles; each is answered with <see cref="CommandResult"/>.</summary>
public abstract record ModelCommand : IWithModelId
{
    public required string ModelId { get; init; }
    /// <summary>When set, applies to the handle that serves this session only; otherwise to every live handle.</summary>
    public string? SessionId { get; init; }
}

public sealed record LoadModel : ModelCommand;
public sealed record UnloadModel : ModelCommand;
public sealed record ClearKvCache : ModelCommand { public bool KeepSystemPrompt { get; init; } }
public sealed record GetKvCacheSize : ModelCommand;
public sealed record LoadLora : ModelCommand { public required string AdapterName { get; init; } }
public sealed record LoadPromptCache : ModelCommand { public required string CacheName { get; init; } }
public sealed record ReleasePromptCache : ModelCommand;
public sealed record SetChatTemplate(string SystemPrompt, string PromptPrefix, string PromptPostfix) : ModelCommand;
public sealed record SetFunctionTools(string SystemPrompt, string ToolsJson, string ToolResponseStr) : ModelCommand;

/// <summary>Outcome of a <see cref="ModelCommand"/>; Values carries results such as KV cache sizes per handle.</summary>
public sealed record CommandResult(string ModelId, bool Ok, string Message, NanoErrorCode? Code = null)
{
    public IReadOnlyDictionary<string, string>? Values { get; init; }
}
