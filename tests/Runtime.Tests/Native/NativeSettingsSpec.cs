using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>KV cache, LoRA, prompt cache, chat template, function tools and cross-attention through the emulator.</summary>
public sealed class NativeSettingsSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void Run(IRkllmHandle handle, string prompt, bool keepHistory, RkllmInferParams? parameters = null) =>
        handle.Run(new RkllmPromptInput(prompt), (parameters ?? RkllmInferParams.Default) with { KeepHistory = keepHistory }, new RecordingSink());

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Kv_cache_sizes_accumulate_with_keep_history_and_reset_without(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 10));

        Run(handle, "one two three", keepHistory: true);
        var first = handle.GetKvCacheSizes();
        Run(handle, "four five", keepHistory: true);
        var second = handle.GetKvCacheSizes();
        Run(handle, "six", keepHistory: false);
        var reset = handle.GetKvCacheSizes();

        Assert.Equal([13], first);
        Assert.Equal([25], second);
        Assert.Equal([11], reset);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Clearing_the_kv_cache_can_keep_the_chat_template_system_prompt(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 5));
        handle.SetChatTemplate("you are a helper", "<user>", "</user>");
        Run(handle, "hello there", keepHistory: true);

        handle.ClearKvCache(keepSystemPrompt: true);
        var kept = handle.GetKvCacheSizes();
        handle.ClearKvCache(keepSystemPrompt: false);

        Assert.Equal([4], kept);
        Assert.Equal([0], handle.GetKvCacheSizes());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Kv_ranges_need_one_entry_per_batch_and_a_paused_run(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir) with { Extend = new RkllmExtendParams { NBatch = 2 } });

        var wrongLength = Assert.Throws<RkllmException>(() => handle.ClearKvCache(false, [0], [1]));
        var onlyOne = Assert.Throws<RkllmException>(() => handle.ClearKvCache(false, [0, 0], null));
        var notPaused = Assert.Throws<RkllmException>(() => handle.ClearKvCache(false, [0, 0], [1, 1]));

        Assert.Equal("rkllm_clear_kv_cache", wrongLength.Function);
        Assert.Contains("one entry per batch (2)", wrongLength.Message);
        Assert.Equal("rkllm_clear_kv_cache", onlyOne.Function);
        Assert.Equal(-1, notPaused.Code);
        Assert.Equal(2, handle.GetKvCacheSizes().Length);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void A_loaded_lora_changes_the_stream_and_an_unknown_one_is_an_error(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 8));
        handle.LoadLora(new RkllmLoraAdapter(_dir.File("style.lora", "lora"), "style", 0.5f));
        var withLora = new RecordingSink();

        handle.Run(new RkllmPromptInput("same prompt"), new RkllmInferParams { LoraAdapter = "style" }, withLora);
        var unknown = Assert.Throws<RkllmException>(() =>
            handle.Run(new RkllmPromptInput("same prompt"), new RkllmInferParams { LoraAdapter = "nope" }, new RecordingSink()));
        var missingFile = Assert.Throws<RkllmException>(() => handle.LoadLora(new RkllmLoraAdapter(_dir.PathOf("absent.lora"), "absent")));

        Assert.Equal(EmulatorStream.Text("same prompt", 8, lora: "style"), withLora.Text);
        Assert.NotEqual(EmulatorStream.Text("same prompt", 8), withLora.Text);
        Assert.Equal(("rkllm_run", -1), (unknown.Function, unknown.Code));
        Assert.Equal("rkllm_load_lora", missingFile.Function);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Prompt_cache_load_and_release_report_errors(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 2));
        var saved = _dir.PathOf("saved.cache");

        var releaseNothing = Assert.Throws<RkllmException>(handle.ReleasePromptCache);
        var loadMissing = Assert.Throws<RkllmException>(() => handle.LoadPromptCache(_dir.PathOf("missing.cache")));
        Run(handle, "cache this", keepHistory: false, new RkllmInferParams { PromptCache = new RkllmPromptCacheParams(true, saved) });
        handle.LoadPromptCache(saved);
        handle.ReleasePromptCache();

        Assert.Equal("rkllm_release_prompt_cache", releaseNothing.Function);
        Assert.Equal("rkllm_load_prompt_cache", loadMissing.Function);
        Assert.Equal(-1, loadMissing.Code);
        Assert.True(File.Exists(saved));
        Assert.Throws<RkllmException>(handle.ReleasePromptCache);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Function_tools_and_cross_attention_are_accepted_and_bad_ones_refused(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 2));

        handle.SetFunctionTools("you may call tools", """[{"name":"clock"}]""", "<tool_response>");
        handle.SetCrossAttnParams(new RkllmCrossAttnParams(new float[64], new float[64], new float[4], [0, 1, 2, 3], 4));
        handle.SetCrossAttnParams(new RkllmCrossAttnParams(new float[32], new float[32], new float[2], [0, 1], 2));
        var shortMask = Assert.Throws<RkllmException>(() =>
            handle.SetCrossAttnParams(new RkllmCrossAttnParams(new float[64], new float[64], new float[2], [0, 1, 2, 3], 4)));
        var sink = new RecordingSink();
        handle.Run(new RkllmPromptInput("still runs"), RkllmInferParams.Default, sink);

        Assert.Equal("rkllm_set_cross_attn_params", shortMask.Function);
        Assert.Equal(EmulatorStream.Text("still runs", 2), sink.Text);
    }
}
