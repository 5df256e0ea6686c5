namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// First byte of every frame. Parent→child calls carry a request id; the child answers each with Reply or Error
/// under the same id. Result frames carry the run id and a callback id the parent answers with CallbackReply.
/// </summary>
internal enum MessageType : byte
{
    // parent → child
    Init = 1,
    DefaultParams = 2,
    Run = 3,
    RunAsync = 4,
    Abort = 5,
    IsRunning = 6,
    LoadLora = 7,
    LoadPromptCache = 8,
    ReleasePromptCache = 9,
    ClearKvCache = 10,
    GetKvCacheSizes = 11,
    SetChatTemplate = 12,
    SetFunctionTools = 13,
    SetCrossAttnParams = 14,
    Dispose = 15,
    CallbackReply = 16,

    // child → parent
    Hello = 64,
    Reply = 65,
    Error = 66,
    Result = 67,
    Log = 68,
}

internal static class Protocol
{
    /// <summary>Bumped on any incompatible frame change; the child announces it in Hello.</summary>
    public const int Version = 1;

    /// <summary>Embeddings and cross-attention caches are large, but nothing legitimate comes near this.</summary>
    public const int MaxFrameBytes = 512 * 1024 * 1024;

    /// <summary>The rkllm function a call stands for, used in exceptions and timeouts.</summary>
    public static string FunctionName(MessageType type) => type switch
    {
        MessageType.Init => "rkllm_init",
        MessageType.DefaultParams => "rkllm_createDefaultParam",
        MessageType.Run => "rkllm_run",
        MessageType.RunAsync => "rkllm_run_async",
        MessageType.Abort => "rkllm_abort",
        MessageType.IsRunning => "rkllm_is_running",
        MessageType.LoadLora => "rkllm_load_lora",
        MessageType.LoadPromptCache => "rkllm_load_prompt_cache",
        MessageType.ReleasePromptCache => "rkllm_release_prompt_cache",
        MessageType.ClearKvCache => "rkllm_clear_kv_cache",
        MessageType.GetKvCacheSizes => "rkllm_get_kv_cache_size",
        MessageType.SetChatTemplate => "rkllm_set_chat_template",
        MessageType.SetFunctionTools => "rkllm_set_function_tools",
        MessageType.SetCrossAttnParams => "rkllm_set_cross_attn_params",
        MessageType.Dispose => "rkllm_destroy",
        _ => type.ToString(),
    };
}
