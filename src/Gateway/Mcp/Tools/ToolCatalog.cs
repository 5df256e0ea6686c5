using Nano.Gateway.Mcp.Tools.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools;

/// <summary>nano's tools, in a fixed order (2026-07-28 asks for a deterministic tools/list).</summary>
public sealed class ToolCatalog
{
    private readonly Dictionary<string, ToolDefinition> _byName;

    public ToolCatalog(IReadOnlyList<ToolDefinition> tools)
    {
        Tools = tools;
        _byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ToolDefinition> Tools { get; }

    public ToolDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tools/list result body for a revision (caching hints and resultType are added by the session).</summary>
    public JObject ListResult(McpEra era) => new() { ["tools"] = new JArray(Tools.Select(t => t.ToJson(era))) };

    public static ToolCatalog Default { get; } = new(
    [
        new(ToolNames.Generate, "Generate text",
            "Run the model on a prompt or chat messages and return the generated text. Streams one notifications/progress per " +
            "token chunk (text in message) when the request carries _meta.progressToken. Cancel with notifications/cancelled.",
            ToolSchemas.Generate, ToolSchemas.GenerateOutput, new(ReadOnly: false, Destructive: false, Idempotent: false)),
        new(ToolNames.Embeddings, "Text embeddings",
            "Embed text with the model's last hidden layer (RKLLM_INFER_GET_LAST_HIDDEN_LAYER).",
            ToolSchemas.Embeddings, ToolSchemas.EmbeddingsOutput, new(true, false, true)),
        new(ToolNames.Abort, "Abort a run",
            "Abort a queued or running generate/embeddings run by nano's request id (rkllm_abort); its call ends with a CANCELLED error result.",
            ToolSchemas.Abort, ToolSchemas.AbortOutput, new(false, true, true)),
        new(ToolNames.ClearKvCache, "Clear the KV cache", "Clear the model's KV cache (rkllm_clear_kv_cache) on every live handle or the session's.",
            ToolSchemas.ClearKvCache, ToolSchemas.CommandOutput, new(false, true, true)),
        new(ToolNames.KvCacheSize, "KV cache size", "Report the KV cache size of each live handle of the model (rkllm_get_kv_cache_size).",
            ToolSchemas.ModelSession, ToolSchemas.CommandOutput, new(true, false, true)),
        new(ToolNames.LoadLora, "Load a LoRA adapter", "Load one of the model's configured LoRA adapters into its live handles (rkllm_load_lora).",
            ToolSchemas.LoadLora, ToolSchemas.CommandOutput, new(false, false, true)),
        new(ToolNames.LoadPromptCache, "Load a prompt cache", "Load one of the model's configured prompt caches (rkllm_load_prompt_cache).",
            ToolSchemas.LoadPromptCache, ToolSchemas.CommandOutput, new(false, false, true)),
        new(ToolNames.ReleasePromptCache, "Release the prompt cache", "Release the loaded prompt cache (rkllm_release_prompt_cache).",
            ToolSchemas.ModelSession, ToolSchemas.CommandOutput, new(false, true, true)),
        new(ToolNames.SetChatTemplate, "Set the chat template", "Set the system prompt and the prefix/postfix around user prompts (rkllm_set_chat_template).",
            ToolSchemas.SetChatTemplate, ToolSchemas.CommandOutput, new(false, false, true)),
        new(ToolNames.SetFunctionTools, "Set function tools", "Give the model function-calling tools (rkllm_set_function_tools).",
            ToolSchemas.SetFunctionTools, ToolSchemas.CommandOutput, new(false, false, true)),
        new(ToolNames.ListModels, "List models", "The node's configured models with their state, runtime (simulated or not), handles and queue.",
            ToolSchemas.NoArguments, ToolSchemas.ListModelsOutput, new(true, false, true)),
        new(ToolNames.ModelStatus, "Model status", "One model's state, runtime, handles and queue.",
            ToolSchemas.ModelOnly, ToolSchemas.ModelStatusOutput, new(true, false, true)),
        new(ToolNames.LoadModel, "Load a model", "Load the model now (rkllm_init) instead of on first use.",
            ToolSchemas.ModelOnly, ToolSchemas.CommandOutput, new(false, false, true)),
        new(ToolNames.UnloadModel, "Unload a model", "Unload the model's handles (rkllm_destroy) once their runs finish; queued requests are cancelled.",
            ToolSchemas.ModelOnly, ToolSchemas.CommandOutput, new(false, true, true)),
        new(ToolNames.ClusterStatus, "Cluster status",
            "The cluster's boards (roles, status, capacity, live handles, queue depths) and where each model replica is placed, " +
            "or why it is not. A standalone node reports itself as the only board.",
            ToolSchemas.NoArguments, ToolSchemas.ClusterStatusOutput, new(true, false, true)),
        new(ToolNames.AddModel, "Add a model",
            "Add a model at run time from a models.json entry, validated like models.json (every error with its JSON path); " +
            "it loads on first use, or at once with preload.",
            ToolSchemas.AddModel, ToolSchemas.AdminOutput, new(false, false, false)),
        new(ToolNames.RemoveModel, "Remove a model",
            "Remove a model at run time: its queued and running requests are cancelled, its handles unloaded, and the node forgets it.",
            ToolSchemas.ModelOnly, ToolSchemas.AdminOutput, new(false, true, true)),
    ]);
}
