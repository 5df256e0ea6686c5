namespace Nano.Gateway.Mcp.Tools;

/// <summary>nano's tool names: the RKLLM operations, one tool each, plus model administration.</summary>
public static class ToolNames
{
    public const string Generate = "generate";
    public const string Embeddings = "embeddings";
    public const string Abort = "abort";
    public const string ClearKvCache = "clear_kv_cache";
    public const string KvCacheSize = "kv_cache_size";
    public const string LoadLora = "load_lora";
    public const string LoadPromptCache = "load_prompt_cache";
    public const string ReleasePromptCache = "release_prompt_cache";
    public const string SetChatTemplate = "set_chat_template";
    public const string SetFunctionTools = "set_function_tools";
    public const string ListModels = "list_models";
    public const string ModelStatus = "model_status";
    public const string LoadModel = "load_model";
    public const string UnloadModel = "unload_model";
    public const string ClusterStatus = "cluster_status";
    public const string AddModel = "add_model";
    public const string RemoveModel = "remove_model";
}
