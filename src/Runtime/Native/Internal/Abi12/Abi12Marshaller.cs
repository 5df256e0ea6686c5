using static Nano.Runtime.Native.Internal.SharedMarshalling;

namespace Nano.Runtime.Native.Internal.Abi12;

/// <summary>
/// Runtime v1.2.x: the result callback goes to rkllm_init as a bare function pointer (userdata only per run), the
/// image tags are init parameters, and the multimodal input is flat. v1.3-only options are refused.
/// </summary>
internal sealed unsafe class Abi12Marshaller : IAbiMarshaller
{
    public static Abi12Marshaller Instance { get; } = new();

    public RkllmAbi Abi => RkllmAbi.V1_2;

    public RkllmParams ReadDefaults(RkllmLibrary library, string modelPath)
    {
        var p = ((delegate* unmanaged[Cdecl]<RKLLMParam>)library.CreateDefaultParam)();
        var start = Utf8(p.img_start);
        var end = Utf8(p.img_end);
        var content = Utf8(p.img_content);
        return new RkllmParams
        {
            ModelPath = modelPath,
            MaxContextLen = p.max_context_len,
            MaxNewTokens = p.max_new_tokens,
            NKeep = p.n_keep,
            Sampling = new RkllmSampling
            {
                TopK = p.top_k, TopP = p.top_p, Temperature = p.temperature, RepeatPenalty = p.repeat_penalty,
                FrequencyPenalty = p.frequency_penalty, PresencePenalty = p.presence_penalty,
                Mirostat = p.mirostat, MirostatTau = p.mirostat_tau, MirostatEta = p.mirostat_eta,
            },
            SkipSpecialToken = p.skip_special_token != 0,
            IsAsync = p.is_async != 0,
            ImageTags = start is null && end is null && content is null ? null : new RkllmImageTags(start, end, content),
            Extend = ReadExtend(p.extend_param),
        };
    }

    public void ValidateInit(RkllmParams parameters, RkllmInitOptions options)
    {
        if (parameters.IgnoreEosToken)
            throw Refuse("rkllm_init", "IgnoreEosToken needs runtime ABI v1.3; this model is configured for v1.2");
        if (options.Tokenizer is not null || options.Embedder is not null)
            throw Refuse("rkllm_init", "tokenizer/embed callbacks need runtime ABI v1.3; this model is configured for v1.2");
    }

    public int Init(RkllmLibrary library, nint* handle, RkllmParams parameters, InitCallbacks callbacks, NativeAllocations keep)
    {
        var p = keep.Alloc<RKLLMParam>();
        var s = parameters.Sampling;
        p->model_path = keep.Utf8(parameters.ModelPath);
        p->max_context_len = parameters.MaxContextLen;
        p->max_new_tokens = parameters.MaxNewTokens;
        p->top_k = s.TopK;
        p->n_keep = parameters.NKeep;
        p->top_p = s.TopP;
        p->temperature = s.Temperature;
        p->repeat_penalty = s.RepeatPenalty;
        p->frequency_penalty = s.FrequencyPenalty;
        p->presence_penalty = s.PresencePenalty;
        p->mirostat = s.Mirostat;
        p->mirostat_tau = s.MirostatTau;
        p->mirostat_eta = s.MirostatEta;
        p->skip_special_token = (byte)(parameters.SkipSpecialToken ? 1 : 0);
        p->is_async = (byte)(parameters.IsAsync ? 1 : 0);
        // The runtime may keep these pointers; keep lives as long as the handle.
        p->img_start = keep.Utf8(parameters.ImageTags?.Start);
        p->img_end = keep.Utf8(parameters.ImageTags?.End);
        p->img_content = keep.Utf8(parameters.ImageTags?.Content);
        p->extend_param = Extend(parameters.Extend);
        return library.Init(handle, (nint)p, callbacks.Result);
    }

    public nint BuildInput(RkllmInput input, NativeAllocations memory)
    {
        var native = memory.Alloc<RKLLMInput>();
        (native->role, native->enable_thinking, native->input_type) = Head(input, memory);
        switch (input)
        {
            case RkllmPromptInput prompt:
                native->prompt_input = Prompt(prompt.Prompt, memory);
                break;
            case RkllmTokenInput tokens:
                native->token_input = Tokens(tokens, memory);
                break;
            case RkllmEmbedInput embed:
                native->embed_input = Embed(embed, memory);
                break;
            case RkllmMultimodalInput multimodal:
                if (multimodal.Video is not null)
                    throw Refuse("rkllm_run", "video input needs runtime ABI v1.3; this model is configured for v1.2");
                native->multimodal_input.prompt = Prompt(multimodal.Prompt, memory);
                if (multimodal.Image is { } image)
                {
                    if (image.Start is not null || image.End is not null || image.Content is not null)
                        throw Refuse("rkllm_run", "per-input image tags need runtime ABI v1.3; on v1.2 set RkllmParams.ImageTags at init");
                    native->multimodal_input.image_embed = PinRows(image.Embed, (long)image.NImage * image.NImageTokens, "image", memory);
                    native->multimodal_input.n_image_tokens = (nuint)image.NImageTokens;
                    native->multimodal_input.n_image = (nuint)image.NImage;
                    native->multimodal_input.image_width = (nuint)Math.Max(0, image.Width);
                    native->multimodal_input.image_height = (nuint)Math.Max(0, image.Height);
                }
                break;
            default:
                throw Refuse("rkllm_run", $"unsupported input type {input.GetType().Name}");
        }
        return (nint)native;
    }

    public nint BuildInferParams(RkllmInferParams parameters, NativeAllocations memory)
    {
        if (parameters.Sampling is not null)
            throw Refuse("rkllm_run", "per-run Sampling needs runtime ABI v1.3; on v1.2 sampling is fixed at init");
        if (parameters.MaxNewTokens > 0)
            throw Refuse("rkllm_run", "per-run MaxNewTokens needs runtime ABI v1.3; on v1.2 it is fixed at init");
        var infer = memory.Alloc<RKLLMInferParam>();
        infer->mode = Mode(parameters.Mode);
        infer->lora_params = LoraParam(parameters.LoraAdapter, memory);
        infer->prompt_cache_params = PromptCache(parameters.PromptCache, memory);
        infer->keep_history = parameters.KeepHistory ? 1 : 0;
        return (nint)infer;
    }

    /// <summary>v1.2 knows only continue (0) and pause (1); ReleaseBuffer falls back to continue.</summary>
    public int ActionCode(RkllmCallbackAction action) => action == RkllmCallbackAction.Pause ? 1 : 0;
}
