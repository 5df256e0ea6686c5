using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

/// <summary>Handle state: KV cache per batch, infer modes, LoRA, vision input, templates, prompt cache.</summary>
[Collection(SimCollection.Name)]
public class SimHandleStateSpec
{
    private const string Model = "qwen2-0.5b-w8a8";

    [Fact]
    public void Kv_cache_sizes_follow_keep_history_per_batch_and_overflow_is_an_error()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 5, nBatch: 2, maxContext: 40));
        Assert.Equal([0, 0], handle.GetKvCacheSizes());

        RunBounded(handle, Tokens(10), Infer(keepHistory: true), new RecordingSink());
        Assert.Equal([15, 0], handle.GetKvCacheSizes());
        RunBounded(handle, Tokens(10), Infer(keepHistory: true), new RecordingSink());
        Assert.Equal([30, 0], handle.GetKvCacheSizes());

        var overflow = new RecordingSink();
        var error = Assert.Throws<AggregateException>(() => RunBounded(handle, Tokens(20), Infer(keepHistory: true), overflow));
        Assert.Contains("max_context_len 40", Assert.IsType<RkllmException>(error.InnerException).Message);
        Assert.Equal(RkllmCallState.Error, overflow.WaitEnd().State);
        Assert.Empty(overflow.TokenIds);
        Assert.Equal([30, 0], handle.GetKvCacheSizes());

        handle.ClearKvCache(keepSystemPrompt: false);
        Assert.Equal([0, 0], handle.GetKvCacheSizes());
        RunBounded(handle, Tokens(10), Infer(keepHistory: false), new RecordingSink());
        Assert.Equal([0, 0], handle.GetKvCacheSizes());
    }

    [Fact]
    public void Kv_ranges_are_cleared_only_while_paused_without_history()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 20));
        Assert.Throws<RkllmException>(() => handle.ClearKvCache(false, [0], [4]));

        RunBounded(handle, Tokens(10), Infer(), new RecordingSink(i => i == 1 ? RkllmCallbackAction.Pause : RkllmCallbackAction.Continue));
        Assert.Equal([12], handle.GetKvCacheSizes());

        handle.ClearKvCache(false, [2], [6]);

        Assert.Equal([8], handle.GetKvCacheSizes());
        handle.Abort(); // ends the paused run
    }

    [Theory]
    [InlineData(RkllmInferMode.LastHiddenLayer)]
    [InlineData(RkllmInferMode.Logits)]
    public void Tensor_modes_return_deterministic_arrays_then_finish(RkllmInferMode mode)
    {
        RkllmResult Output()
        {
            using var handle = NewRuntime(seed: 3).Init(Params(Model));
            var sink = new RecordingSink();
            RunBounded(handle, Tokens(6), Infer(mode: mode), sink);
            Assert.Equal(0, sink.WaitPerf().GenerateTokens);
            return Assert.Single(sink.Results, r => r.State == RkllmCallState.Normal);
        }

        var first = Output();
        if (mode == RkllmInferMode.LastHiddenLayer)
        {
            Assert.Equal((16, 6, 96), (first.HiddenLayer!.EmbdSize, first.HiddenLayer.NumTokens, first.HiddenLayer.HiddenStates.Length));
            Assert.Equal(first.HiddenLayer.HiddenStates, Output().HiddenLayer!.HiddenStates);
        }
        else
        {
            Assert.Equal((64, 1, 64), (first.Logits!.VocabSize, first.Logits.NumTokens, first.Logits.Values.Length));
            Assert.Equal(first.Logits.Values, Output().Logits!.Values);
        }
    }

    [Fact]
    public void Runs_name_only_loaded_lora_adapters_and_an_adapter_changes_the_output()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 12));
        Assert.Throws<RkllmException>(() => handle.RunAsync(Tokens(4), Infer() with { LoraAdapter = "style" }, new RecordingSink()));
        Assert.Throws<RkllmException>(() => handle.LoadLora(new RkllmLoraAdapter("/nonexistent/lora.rkllm", "style")));

        handle.LoadLora(new RkllmLoraAdapter("sim://style", "style"));
        var plain = new RecordingSink();
        var styled = new RecordingSink();
        RunBounded(handle, Tokens(4), Infer(), plain);
        RunBounded(handle, Tokens(4), Infer() with { LoraAdapter = "style" }, styled);

        Assert.NotEqual(plain.TokenIds, styled.TokenIds);
    }

    [Fact]
    public void A_vision_profile_adds_image_tokens_to_prefill_and_text_profiles_refuse_images()
    {
        var image = new RkllmImage(new float[2 * 196 * 8], NImageTokens: 196, NImage: 2, Width: 448, Height: 448);
        var input = new RkllmMultimodalInput("describe", image); // "describe" is 8 bytes: 2 estimated tokens
        using var vision = NewRuntime().Init(Params("qwen3-vl-2b-w8a8", maxNewTokens: 2));
        var sink = new RecordingSink();

        RunBounded(vision, input, Infer(), sink);

        Assert.Equal(2 + 2 * 196, sink.WaitPerf().PrefillTokens);
        using var text = NewRuntime().Init(Params(Model));
        Assert.Throws<RkllmException>(() => text.RunAsync(input, Infer(), new RecordingSink()));
    }

    [Fact]
    public void The_system_prompt_is_prefilled_once_per_conversation()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 1));
        handle.SetChatTemplate(new string('s', 40), "<u>", "</u>"); // 10 system tokens; 1 + 1 template tokens per prompt
        var first = new RecordingSink();
        var second = new RecordingSink();

        RunBounded(handle, new RkllmPromptInput("abcdefgh"), Infer(), first);
        RunBounded(handle, new RkllmPromptInput("abcdefgh"), Infer(), second);

        Assert.Equal(10 + 4, first.WaitPerf().PrefillTokens);
        Assert.Equal(4, second.WaitPerf().PrefillTokens);
        Assert.Equal([10], handle.GetKvCacheSizes());
        Assert.Throws<RkllmException>(() => handle.SetFunctionTools("tools", "{not json", "<tool>"));
    }

    [Fact]
    public void A_saved_prompt_cache_loads_back_as_a_free_prefix()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nano-sim-cache-{Guid.NewGuid():N}.json");
        try
        {
            using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 1));
            Assert.Throws<RkllmException>(() => handle.LoadPromptCache(file));
            RunBounded(handle, Tokens(24), Infer() with { PromptCache = new RkllmPromptCacheParams(true, file) }, new RecordingSink());

            handle.LoadPromptCache(file);
            handle.ClearKvCache(keepSystemPrompt: false);
            var sink = new RecordingSink();
            RunBounded(handle, Tokens(3), Infer(keepHistory: true), sink);

            Assert.Equal(3, sink.WaitPerf().PrefillTokens);
            Assert.Equal([24 + 3 + 1], handle.GetKvCacheSizes());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
