using static Nano.Runtime.Native.Internal.SharedMarshalling;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>Runtime v1.3.0: RKLLMCallback struct at init, nested image/video input, per-run sampling and max_new_tokens.</summary>
internal sealed unsafe class Abi13Marshaller : IAbiMarshaller
{
    public static Abi13Marshaller Instance { get; } = new();

    public RkllmAbi Abi => RkllmAbi.V1_3;

    public RkllmParams ReadDefaults(RkllmLibrary library, string modelPath)
    {
        var p = ((delegate* unmanaged[Cdecl]<RKLLMParam>)library.CreateDefaultParam)();
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
            IgnoreEosToken = p.ignore_eos_token != 0,
            IsAsync = p.is_async != 0,
            Extend = ReadExtend(p.extend_param),
        };
    }

    public void ValidateInit(RkllmParams parameters, RkllmInitOptions options)
    {
        if (parameters.ImageTags is not null)
            throw Refuse("rkllm_init", "ImageTags are a v1.2 parameter; on ABI v1.3 set Start/End/Content on each RkllmImage");
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
        p->ignore_eos_token = (byte)(parameters.IgnoreEosToken ? 1 : 0);
        p->is_async = (byte)(parameters.IsAsync ? 1 : 0);
        p->extend_param = Extend(parameters.Extend);

        // The runtime may keep the callback struct pointer, so it lives in keep (the handle's lifetime).
        var cb = keep.Alloc<RKLLMCallback>();
        cb->result_callback = callbacks.Result;
        cb->result_userdata = callbacks.UserData;
        cb->tokenizer_callback = callbacks.Tokenizer;
        cb->tokenizer_userdata = callbacks.Tokenizer == 0 ? 0 : callbacks.UserData;
        cb->embed_callback = callbacks.Embedder;
        cb->embed_userdata = callbacks.Embedder == 0 ? 0 : callbacks.UserData;
        return library.Init(handle, (nint)p, (nint)cb);
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
                native->multimodal_input.prompt = Prompt(multimodal.Prompt, memory);
                if (multimodal.Image is { } image) native->multimodal_input.image = Image(image, memory);
                if (multimodal.Video is { } video) native->multimodal_input.video = Video(video, memory);
                break;
            default:
                throw Refuse("rkllm_run", $"unsupported input type {input.GetType().Name}");
        }
        return (nint)native;
    }

    private static RKLLMImageInput Image(RkllmImage image, NativeAllocations memory) => new()
    {
        image_embed = PinRows(image.Embed, (long)image.NImage * image.NImageTokens, "image", memory),
        n_image_tokens = (nuint)image.NImageTokens,
        n_image = (nuint)image.NImage,
        image_start = memory.Utf8(image.Start),
        image_end = memory.Utf8(image.End),
        image_content = memory.Utf8(image.Content),
        image_width = (nuint)Math.Max(0, image.Width),
        image_height = (nuint)Math.Max(0, image.Height),
    };

    private static RKLLMVideoInput Video(RkllmVideo video, NativeAllocations memory) => new()
    {
        video_embed = PinRows(video.Embed, (long)video.NVideo * video.NFramePerVideo * video.NFrameTokens, "video", memory),
        n_frame_tokens = (nuint)video.NFrameTokens,
        n_frame_per_video = (nuint)video.NFramePerVideo,
        n_video = (nuint)video.NVideo,
        video_start = memory.Utf8(video.Start),
        video_end = memory.Utf8(video.End),
        video_content = memory.Utf8(video.Content),
        frame_width = (nuint)Math.Max(0, video.FrameWidth),
        frame_height = (nuint)Math.Max(0, video.FrameHeight),
    };

    public nint BuildInferParams(RkllmInferParams parameters, NativeAllocations memory)
    {
        var infer = memory.Alloc<RKLLMInferParam>();
        infer->mode = Mode(parameters.Mode);
        infer->lora_params = LoraParam(parameters.LoraAdapter, memory);
        infer->prompt_cache_params = PromptCache(parameters.PromptCache, memory);
        if (parameters.Sampling is { } s)
        {
            var sampling = memory.Alloc<RKLLMSamplingParam>();
            *sampling = new RKLLMSamplingParam
            {
                top_k = s.TopK, top_p = s.TopP, temperature = s.Temperature, repeat_penalty = s.RepeatPenalty,
                frequency_penalty = s.FrequencyPenalty, presence_penalty = s.PresencePenalty,
                mirostat = s.Mirostat, mirostat_tau = s.MirostatTau, mirostat_eta = s.MirostatEta,
            };
            infer->sampling_params = (nint)sampling;
        }
        infer->keep_history = parameters.KeepHistory ? 1 : 0;
        infer->max_new_tokens = Math.Max(0, parameters.MaxNewTokens);
        return (nint)infer;
    }

    public int ActionCode(RkllmCallbackAction action) => action switch
    {
        RkllmCallbackAction.Pause => 1,
        RkllmCallbackAction.ReleaseBuffer => 2,
        _ => 0,
    };
}
