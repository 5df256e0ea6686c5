using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>Every handle call crosses the protocol and reaches the child's runtime with its arguments intact.</summary>
public sealed class HandleHostCallSpec : IDisposable
{
    private readonly LoopbackHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public void Init_returns_the_child_runtime_info_marked_isolated()
    {
        using var handle = host.Init(new RkllmParams { ModelPath = "qwen.rkllm", MaxContextLen = 2048, Extend = new RkllmExtendParams { NBatch = 2 } });

        Assert.Equal(new RuntimeInfo(RuntimeKind.Emulator, RkllmAbi.V1_3, "1.3.0-fake", "fake.so", Isolated: true), handle.Info);
        Assert.Equal("qwen.rkllm", host.Runtime.Handle!.Parameters.ModelPath);
        Assert.Equal(2048, host.Runtime.Handle.Parameters.MaxContextLen);
        Assert.Equal(2, host.Runtime.Handle.Parameters.Extend.NBatch);
    }

    [Fact]
    public void Init_failure_in_the_child_surfaces_as_its_RkllmException()
    {
        var e = Assert.Throws<RkllmException>(() => host.Init(new RkllmParams { ModelPath = "missing.rkllm" }));

        Assert.Equal("rkllm_init", e.Function);
        Assert.Equal(-1, e.Code);
        Assert.Equal("rkllm_init failed (-1): model file not found", e.Message);
    }

    [Fact]
    public void Default_params_come_from_the_child_runtime()
    {
        var (info, defaults) = host.Channel.DefaultParams(new RuntimeSpec(), "m.rkllm", LoopbackHost.Bound);

        Assert.True(info.Isolated);
        Assert.Equal("m.rkllm", defaults.ModelPath);
        Assert.Equal((1234, 7), (defaults.MaxContextLen, defaults.NKeep));
    }

    [Fact]
    public void Every_handle_call_round_trips_to_the_child_runtime()
    {
        using var handle = host.Init();
        var fake = host.Runtime.Handle!;

        handle.LoadLora(new RkllmLoraAdapter("/m/lora.rkllm", "style", 0.75f));
        handle.LoadPromptCache("/m/cache.bin");
        handle.ReleasePromptCache();
        handle.ClearKvCache(true);
        handle.ClearKvCache(false, [0, 8], [4, 12]);
        handle.SetChatTemplate("sys", "<u>", "</u>");
        handle.SetFunctionTools("tools sys", "[{\"name\":\"f\"}]", "<resp>");
        handle.SetCrossAttnParams(new RkllmCrossAttnParams([1f, 2f], [3f], [0f, 1f, 1f], [5, 6], 2));

        Assert.Equal(
        [
            "LoadLora /m/lora.rkllm style 0.75",
            "LoadPromptCache /m/cache.bin",
            "ReleasePromptCache",
            "ClearKvCache True [null] [null]",
            "ClearKvCache False [0,8] [4,12]",
            "SetChatTemplate sys|<u>|</u>",
            "SetFunctionTools tools sys|[{\"name\":\"f\"}]|<resp>",
        ], fake.Calls);
        Assert.Equal([17, 4], handle.GetKvCacheSizes());
        Assert.False(handle.IsRunning);
        var cross = fake.CrossAttn!;
        Assert.Equal([1f, 2f], cross.EncoderKCache);
        Assert.Equal([3f], cross.EncoderVCache);
        Assert.Equal([0f, 1f, 1f], cross.EncoderMask);
        Assert.Equal([5, 6], cross.EncoderPos);
        Assert.Equal(2, cross.NumTokens);
    }

    [Fact]
    public void Child_RkllmException_keeps_its_function_and_code()
    {
        using var handle = host.Init();

        var e = Assert.Throws<RkllmException>(() => handle.LoadPromptCache("missing"));

        Assert.Equal(("rkllm_load_prompt_cache", -2), (e.Function, e.Code));
        Assert.Equal("rkllm_load_prompt_cache failed (-2): no such file", e.Message);
    }

    [Fact]
    public void Other_child_exceptions_become_RkllmException_of_the_called_function()
    {
        using var handle = host.Init();

        var e = Assert.Throws<RkllmException>(() => handle.LoadLora(new RkllmLoraAdapter("p", "boom")));

        Assert.Equal(("rkllm_load_lora", -1), (e.Function, e.Code));
        Assert.Contains("InvalidOperationException: lora exploded", e.Message);
    }

    [Fact]
    public void Calls_before_init_are_refused_by_the_child()
    {
        var e = Assert.Throws<RkllmException>(() => new FrameReader(host.Channel.Call(MessageType.IsRunning)).Bool());

        Assert.Contains("rkllm_init has not succeeded", e.Message);
    }

    [Fact]
    public async Task Dispose_destroys_the_child_handle_and_ends_the_host()
    {
        var handle = host.Init();

        handle.Dispose();

        Assert.True(host.Runtime.Handle!.Disposed.IsSet);
        Assert.True(await host.Served.WaitAsync(LoopbackHost.Bound));
        Assert.Throws<ObjectDisposedException>(() => handle.GetKvCacheSizes());
    }

    [Fact]
    public void Every_input_type_round_trips()
    {
        using var handle = host.Init();
        var image = new RkllmImage([0.1f, 0.2f], 1, 1, 448, 448) { Start = "<img>", End = "</img>", Content = "<pad>" };
        var video = new RkllmVideo([0.3f], 1, 2, 1, 224, 224) { Start = "<v>", End = null, Content = "<vp>" };
        var sampling = new RkllmSampling { TopK = 40, TopP = 0.5f, Temperature = 0.1f, Mirostat = 2 };
        RkllmInput[] inputs =
        [
            new RkllmPromptInput("héllo ✓") { Role = "tool", EnableThinking = true },
            new RkllmTokenInput([1, 2, 3]),
            new RkllmEmbedInput([1f, 2f, 3f, 4f], 2),
            new RkllmMultimodalInput("look <image>", image, video),
            new RkllmMultimodalInput("no image", null),
        ];
        var p = new RkllmInferParams
        {
            Mode = RkllmInferMode.Generate, LoraAdapter = "style", PromptCache = new RkllmPromptCacheParams(true, "/c.bin"),
            Sampling = sampling, KeepHistory = true, MaxNewTokens = 1,
        };

        foreach (var input in inputs)
        {
            handle.Run(input, p, new CollectingSink());

            var got = host.Runtime.Handle!.LastInput!;
            Assert.Equal((input.Type, input.Role, input.EnableThinking), (got.Type, got.Role, got.EnableThinking));
            switch ((input, got))
            {
                case (RkllmPromptInput a, RkllmPromptInput b): Assert.Equal(a.Prompt, b.Prompt); break;
                case (RkllmTokenInput a, RkllmTokenInput b): Assert.Equal(a.TokenIds, b.TokenIds); break;
                case (RkllmEmbedInput a, RkllmEmbedInput b):
                    Assert.Equal(a.Embed, b.Embed);
                    Assert.Equal(a.NTokens, b.NTokens);
                    break;
                case (RkllmMultimodalInput a, RkllmMultimodalInput b):
                    Assert.Equal(a.Prompt, b.Prompt);
                    Assert.Equal(a.Image?.Embed, b.Image?.Embed);
                    Assert.Equal(a.Image is null ? null : a.Image with { Embed = [] }, b.Image is null ? null : b.Image with { Embed = [] });
                    Assert.Equal(a.Video?.Embed, b.Video?.Embed);
                    Assert.Equal(a.Video is null ? null : a.Video with { Embed = [] }, b.Video is null ? null : b.Video with { Embed = [] });
                    break;
                default: Assert.Fail($"{got.GetType().Name} came back for {input.GetType().Name}"); break;
            }
            Assert.Equal(p with { }, host.Runtime.Handle.LastParams! with { });
        }
    }
}
