using System.Runtime.InteropServices;
using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal;

/// <summary>Marshalling of the structs both ABIs share, and the argument checks both apply before any native call.</summary>
internal static unsafe class SharedMarshalling
{
    public static RkllmException Refuse(string function, string message) => new(function, -1, message);

    public static string? Utf8(nint text) => text == 0 ? null : Marshal.PtrToStringUTF8(text);

    public static RKLLMExtendParam Extend(RkllmExtendParams extend)
    {
        if (extend.NBatch is < 1 or > byte.MaxValue)
            throw Refuse("rkllm_init", $"Extend.NBatch must be 1..255, was {extend.NBatch}");
        if (extend.EnabledCpusNum is < 0 or > sbyte.MaxValue)
            throw Refuse("rkllm_init", $"Extend.EnabledCpusNum must be 0..127, was {extend.EnabledCpusNum}");
        return new RKLLMExtendParam
        {
            base_domain_id = extend.BaseDomainId,
            embed_flash = (sbyte)(extend.EmbedFlash ? 1 : 0),
            enabled_cpus_num = (sbyte)extend.EnabledCpusNum,
            enabled_cpus_mask = extend.EnabledCpusMask,
            n_batch = (byte)extend.NBatch,
            use_cross_attn = (sbyte)(extend.UseCrossAttn ? 1 : 0),
        };
    }

    public static RkllmExtendParams ReadExtend(in RKLLMExtendParam extend) => new()
    {
        BaseDomainId = extend.base_domain_id,
        EmbedFlash = extend.embed_flash != 0,
        EnabledCpusNum = extend.enabled_cpus_num,
        EnabledCpusMask = extend.enabled_cpus_mask,
        NBatch = extend.n_batch,
        UseCrossAttn = extend.use_cross_attn != 0,
    };

    /// <summary>The head every RKLLMInput shares: role, thinking flag, type.</summary>
    public static (nint Role, byte Thinking, int Type) Head(RkllmInput input, NativeAllocations memory)
    {
        if (input.Role is null) throw Refuse("rkllm_run", "input Role must not be null");
        return (memory.Utf8(input.Role), (byte)(input.EnableThinking ? 1 : 0), (int)input.Type);
    }

    public static nint Prompt(string? prompt, NativeAllocations memory) =>
        prompt is null ? throw Refuse("rkllm_run", "prompt must not be null") : memory.Utf8(prompt);

    public static RKLLMTokenInput Tokens(RkllmTokenInput input, NativeAllocations memory)
    {
        if (input.TokenIds is not { Length: > 0 }) throw Refuse("rkllm_run", "token input needs at least one token id");
        return new RKLLMTokenInput { input_ids = memory.Pin(input.TokenIds), n_tokens = (nuint)input.TokenIds.Length };
    }

    public static RKLLMEmbedInput Embed(RkllmEmbedInput input, NativeAllocations memory)
    {
        if (input.NTokens <= 0 || input.Embed is not { Length: > 0 } || input.Embed.Length % input.NTokens != 0)
            throw Refuse("rkllm_run", $"embed input needs NTokens > 0 rows of equal length (NTokens {input.NTokens}, {input.Embed?.Length ?? 0} floats)");
        return new RKLLMEmbedInput { embed = memory.Pin(input.Embed), n_tokens = (nuint)input.NTokens };
    }

    /// <summary>Checks that an image/video embedding holds whole rows for the declared counts.</summary>
    public static nint PinRows(float[]? embed, long rows, string what, NativeAllocations memory)
    {
        if (rows <= 0 || embed is not { Length: > 0 } || embed.Length % rows != 0)
            throw Refuse("rkllm_run", $"{what} embedding must hold a whole number of values per token ({rows} tokens, {embed?.Length ?? 0} floats)");
        return memory.Pin(embed);
    }

    public static nint LoraParam(string? adapter, NativeAllocations memory)
    {
        if (adapter is null) return 0;
        var lora = memory.Alloc<RKLLMLoraParam>();
        lora->lora_adapter_name = memory.Utf8(adapter);
        return (nint)lora;
    }

    public static nint PromptCache(RkllmPromptCacheParams? cache, NativeAllocations memory)
    {
        if (cache is null) return 0;
        if (cache.Path is null) throw Refuse("rkllm_run", "PromptCache.Path must not be null");
        var param = memory.Alloc<RKLLMPromptCacheParam>();
        param->save_prompt_cache = cache.Save ? 1 : 0;
        param->prompt_cache_path = memory.Utf8(cache.Path);
        return (nint)param;
    }

    public static int Mode(RkllmInferMode mode) =>
        Enum.IsDefined(mode) ? (int)mode : throw Refuse("rkllm_run", $"unknown infer mode {(int)mode}");
}
