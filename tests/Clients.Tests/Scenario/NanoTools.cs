namespace Nano.Clients.Tests.Scenario;

/// <summary>
/// The gateway's tools and the arguments the scenarios send, in one place for both clients (the TypeScript
/// scripts receive them from here on their command line).
/// </summary>
public static class NanoTools
{
    public const string Generate = "generate";
    public const string ModelStatus = "model_status";
    public const string UnknownTool = "no_such_tool";

    /// <summary>The tools issue 5 asks for (the RKLLM operations and model administration), as docs/PROTOCOL.md names them.</summary>
    public static readonly IReadOnlyList<string> Catalog =
    [
        Generate, "embeddings", "abort", "clear_kv_cache", "kv_cache_size", "load_lora", "load_prompt_cache",
        "release_prompt_cache", "set_chat_template", "set_function_tools", "list_models", ModelStatus, "load_model", "unload_model", "cluster_status",
        "add_model", "remove_model",
    ];

    /// <summary>One instance, ~16.7 tok/s: a long run holds it for half a minute, so "free again" is telling.</summary>
    public const string SlowModel = "qwen2.5-1.5b";

    /// <summary>Two instances, ~42 tok/s: the model of the short and concurrent calls.</summary>
    public const string FastModel = "qwen2-0.5b";

    /// <summary>Near the slow model's max_new_tokens (512): ~30 s of tokens, far beyond every bound below.</summary>
    public const int LongMaxTokens = 500;

    public const int ShortMaxTokens = 8;

    /// <summary>The progress scenario's length: 32 notifications over ~0.8 s of the fast model.</summary>
    public const int ProgressMaxTokens = 32;

    public const int ConcurrentCalls = 20;

    public static Dictionary<string, object?> GenerateArguments(string model, string prompt, int maxTokens) => new()
    {
        ["model"] = model,
        ["prompt"] = prompt,
        ["max_tokens"] = maxTokens,
    };

    public static Dictionary<string, object?> StatusArguments(string model) => new() { ["model"] = model };
}
