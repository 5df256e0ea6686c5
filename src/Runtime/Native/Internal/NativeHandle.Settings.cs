using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal;

/// <summary>The handle's setting calls: LoRA, prompt cache, KV cache, chat template, function tools, cross-attn.</summary>
internal sealed unsafe partial class NativeHandle
{
    private const int MaxBatches = byte.MaxValue;
    private readonly List<NativeAllocations> _kept = [];
    private NativeAllocations? _chatTemplate;
    private NativeAllocations? _functionTools;
    private NativeAllocations? _crossAttn;

    public void LoadLora(RkllmLoraAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        using var scope = _guard.Enter();
        _library.Require(_library.LoadLora != null, "rkllm_load_lora");
        var memory = new NativeAllocations();
        var lora = memory.Alloc<RKLLMLoraAdapter>();
        lora->lora_adapter_path = memory.Utf8(adapter.Path);
        lora->lora_adapter_name = memory.Utf8(adapter.Name);
        lora->scale = adapter.Scale;
        // The runtime may look adapters up by the name pointer later, so a loaded adapter's strings stay.
        Keep(memory, _library.LoadLora(_handle, (nint)lora), "rkllm_load_lora");
    }

    public void LoadPromptCache(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var scope = _guard.Enter();
        _library.Require(_library.LoadPromptCache != null, "rkllm_load_prompt_cache");
        var memory = new NativeAllocations();
        Keep(memory, _library.LoadPromptCache(_handle, memory.Utf8(path)), "rkllm_load_prompt_cache");
    }

    public void ReleasePromptCache()
    {
        using var scope = _guard.Enter();
        _library.Require(_library.ReleasePromptCache != null, "rkllm_release_prompt_cache");
        Check("rkllm_release_prompt_cache", _library.ReleasePromptCache(_handle));
    }

    public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null)
    {
        using var scope = _guard.Enter();
        _library.Require(_library.ClearKvCache != null, "rkllm_clear_kv_cache");
        if ((startPos is null) != (endPos is null))
            throw SharedMarshalling.Refuse("rkllm_clear_kv_cache", "give both startPos and endPos, or neither");
        // The runtime reads n_batch entries from each array.
        if (startPos is not null && (startPos.Length != _batches || endPos!.Length != _batches))
            throw SharedMarshalling.Refuse("rkllm_clear_kv_cache", $"startPos and endPos need one entry per batch ({_batches})");
        fixed (int* start = startPos)
        fixed (int* end = endPos)
        {
            Check("rkllm_clear_kv_cache", _library.ClearKvCache(_handle, keepSystemPrompt ? 1 : 0, start, end));
        }
    }

    public int[] GetKvCacheSizes()
    {
        using var scope = _guard.Enter();
        _library.Require(_library.GetKvCacheSize != null, "rkllm_get_kv_cache_size");
        // Room for the largest n_batch whatever the runtime thinks n_batch is.
        var sizes = stackalloc int[MaxBatches];
        Check("rkllm_get_kv_cache_size", _library.GetKvCacheSize(_handle, sizes));
        return new ReadOnlySpan<int>(sizes, _batches).ToArray();
    }

    public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        ArgumentNullException.ThrowIfNull(promptPrefix);
        ArgumentNullException.ThrowIfNull(promptPostfix);
        using var scope = _guard.Enter();
        _library.Require(_library.SetChatTemplate != null, "rkllm_set_chat_template");
        var memory = new NativeAllocations();
        var status = _library.SetChatTemplate(_handle, memory.Utf8(systemPrompt), memory.Utf8(promptPrefix), memory.Utf8(promptPostfix));
        Replace(ref _chatTemplate, memory, status, "rkllm_set_chat_template");
    }

    public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        ArgumentNullException.ThrowIfNull(toolsJson);
        ArgumentNullException.ThrowIfNull(toolResponseStr);
        using var scope = _guard.Enter();
        _library.Require(_library.SetFunctionTools != null, "rkllm_set_function_tools");
        var memory = new NativeAllocations();
        var status = _library.SetFunctionTools(_handle, memory.Utf8(systemPrompt), memory.Utf8(toolsJson), memory.Utf8(toolResponseStr));
        Replace(ref _functionTools, memory, status, "rkllm_set_function_tools");
    }

    public void SetCrossAttnParams(RkllmCrossAttnParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = _guard.Enter();
        _library.Require(_library.SetCrossAttnParams != null, "rkllm_set_cross_attn_params");
        if (parameters.NumTokens <= 0
            || parameters.EncoderKCache is not { Length: > 0 } || parameters.EncoderVCache is not { Length: > 0 }
            || parameters.EncoderMask is null || parameters.EncoderMask.Length < parameters.NumTokens
            || parameters.EncoderPos is null || parameters.EncoderPos.Length < parameters.NumTokens)
        {
            throw SharedMarshalling.Refuse("rkllm_set_cross_attn_params",
                "cross-attn needs NumTokens > 0, non-empty K/V caches, and a mask and positions of at least NumTokens entries");
        }
        var memory = new NativeAllocations();
        var param = memory.Alloc<RKLLMCrossAttnParam>();
        param->encoder_k_cache = memory.Pin(parameters.EncoderKCache);
        param->encoder_v_cache = memory.Pin(parameters.EncoderVCache);
        param->encoder_mask = memory.Pin(parameters.EncoderMask);
        param->encoder_pos = memory.Pin(parameters.EncoderPos);
        param->num_tokens = parameters.NumTokens;
        // The runtime reads these buffers during later runs: pinned until replaced or Dispose.
        Replace(ref _crossAttn, memory, _library.SetCrossAttnParams(_handle, (nint)param), "rkllm_set_cross_attn_params");
    }

    private void Keep(NativeAllocations memory, int status, string function)
    {
        if (status != 0) memory.Dispose();
        Check(function, status);
        lock (_kept) _kept.Add(memory);
    }

    private void Replace(ref NativeAllocations? slot, NativeAllocations memory, int status, string function)
    {
        if (status != 0) memory.Dispose();
        Check(function, status);
        var previous = Interlocked.Exchange(ref slot, memory);
        previous?.Dispose();
    }

    private void ReleaseSettings()
    {
        Interlocked.Exchange(ref _chatTemplate, null)?.Dispose();
        Interlocked.Exchange(ref _functionTools, null)?.Dispose();
        Interlocked.Exchange(ref _crossAttn, null)?.Dispose();
        lock (_kept)
        {
            foreach (var memory in _kept) memory.Dispose();
            _kept.Clear();
        }
    }
}
