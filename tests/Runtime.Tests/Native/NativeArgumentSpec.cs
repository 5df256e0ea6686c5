using Nano.Runtime.Native;
using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>Bad arguments and options an ABI cannot express end in an RkllmException, never a crash or a silent drop.</summary>
public sealed class NativeArgumentSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Bad_init_arguments_give_an_rkllm_exception(int abi)
    {
        var runtime = Emulator.Runtime(abi);
        var good = Emulator.Params(_dir);

        var missingModel = Assert.Throws<RkllmException>(() => runtime.Init(good with { ModelPath = _dir.PathOf("none.rkllm") }));
        var noContext = Assert.Throws<RkllmException>(() => runtime.Init(good with { MaxContextLen = 0 }));
        var tooManyBatches = Assert.Throws<RkllmException>(() => runtime.Init(good with { Extend = new RkllmExtendParams { NBatch = 300 } }));
        var moreBatchesThanTheRuntimeHas = Assert.Throws<RkllmException>(() => runtime.Init(good with { Extend = new RkllmExtendParams { NBatch = 9 } }));

        Assert.Contains(_dir.PathOf("none.rkllm"), missingModel.Message);
        Assert.Equal(("rkllm_init", -1), (noContext.Function, noContext.Code));
        Assert.Equal("rkllm_init", tooManyBatches.Function);
        Assert.Equal(("rkllm_init", -1), (moreBatchesThanTheRuntimeHas.Function, moreBatchesThanTheRuntimeHas.Code));
        runtime.Init(good).Dispose();
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Bad_run_arguments_give_an_rkllm_exception_and_no_callback(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir));
        var sink = new RecordingSink();

        Assert.Throws<RkllmException>(() => handle.Run(new RkllmTokenInput([]), RkllmInferParams.Default, sink));
        Assert.Throws<RkllmException>(() => handle.Run(new RkllmEmbedInput(new float[10], 3), RkllmInferParams.Default, sink));
        Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("x"), new RkllmInferParams { Mode = (RkllmInferMode)7 }, sink));
        Assert.Throws<RkllmException>(() => handle.RunAsync(new RkllmPromptInput(null!), RkllmInferParams.Default, sink));
        Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("x"), new RkllmInferParams { PromptCache = new RkllmPromptCacheParams(true, _dir.PathOf("no/such/dir/c")) }, sink));

        Assert.Empty(sink.Results);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public void Options_only_v13_has_are_refused_on_a_v12_handle()
    {
        var runtime = Emulator.Runtime(12);
        var parameters = Emulator.Params(_dir);
        using var handle = runtime.Init(parameters);
        var sink = new RecordingSink();
        var video = new RkllmVideo(new float[16], 1, 1, 1, 8, 8);
        var taggedImage = new RkllmImage(new float[16], 1, 1, 8, 8) { Start = "<img>" };

        var errors = new[]
        {
            Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("x"), new RkllmInferParams { Sampling = new RkllmSampling() }, sink)),
            Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("x"), new RkllmInferParams { MaxNewTokens = 5 }, sink)),
            Assert.Throws<RkllmException>(() => handle.Run(new RkllmMultimodalInput("x", null, video), RkllmInferParams.Default, sink)),
            Assert.Throws<RkllmException>(() => handle.Run(new RkllmMultimodalInput("x", taggedImage), RkllmInferParams.Default, sink)),
            Assert.Throws<RkllmException>(() => runtime.Init(parameters with { IgnoreEosToken = true })),
            Assert.Throws<RkllmException>(() => runtime.Init(parameters, new RkllmInitOptions { Tokenizer = new WordTokenizer() })),
        };

        Assert.All(errors, e => Assert.Contains("v1.3", e.Message));
        Assert.Empty(sink.Results);
    }

    [Fact]
    public void Image_tags_at_init_are_refused_on_v13_and_accepted_on_v12()
    {
        var tags = new RkllmImageTags("<img>", "</img>", "<pad>");

        var error = Assert.Throws<RkllmException>(() => Emulator.Runtime(13).Init(Emulator.Params(_dir) with { ImageTags = tags }));
        using var v12 = Emulator.Runtime(12).Init(Emulator.Params(_dir) with { ImageTags = tags });

        Assert.Contains("v1.2", error.Message);
    }

    [Fact]
    public void V13_tokenizer_and_embed_callbacks_are_called_with_the_input()
    {
        var tokenizer = new WordTokenizer();
        var embedder = new RecordingEmbedder();
        using var handle = Emulator.Runtime(13).Init(Emulator.Params(_dir, maxNewTokens: 2), new RkllmInitOptions { Tokenizer = tokenizer, Embedder = embedder });
        var prompt = new RecordingSink();
        var tokens = new RecordingSink();

        handle.Run(new RkllmPromptInput("a b c d e f g"), RkllmInferParams.Default, prompt);
        handle.Run(new RkllmTokenInput([9, 8, 7]), RkllmInferParams.Default, tokens);

        Assert.Equal("a b c d e f g", tokenizer.LastText);
        Assert.Equal(7 * 2, prompt.Results[^1].Perf?.PrefillTokens); // the tokenizer's count, not the emulator's words
        Assert.Equal([9, 8, 7], embedder.LastTokens ?? []);
        Assert.Equal(3 * 16 * sizeof(float), embedder.LastLength);
    }

    [Fact]
    public void A_failing_v13_tokenizer_fails_the_run()
    {
        using var handle = Emulator.Runtime(13).Init(Emulator.Params(_dir), new RkllmInitOptions { Tokenizer = new WordTokenizer { Fail = true } });
        var sink = new RecordingSink();

        var error = Assert.Throws<RkllmException>(() => handle.Run(new RkllmPromptInput("x"), RkllmInferParams.Default, sink));

        Assert.Equal("rkllm_run", error.Function);
        Assert.Equal(RkllmCallState.Error, sink.Results[^1].State);
    }

    /// <summary>Two tokens per space-separated word; throws on demand (the trampoline turns that into -1).</summary>
    private sealed class WordTokenizer : IRkllmTokenizer
    {
        public bool Fail { get; init; }
        public string? LastText { get; private set; }

        public int Tokenize(ReadOnlySpan<byte> utf8Text, Span<int> tokens)
        {
            if (Fail) throw new InvalidOperationException("tokenizer down");
            LastText = System.Text.Encoding.UTF8.GetString(utf8Text);
            var count = LastText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length * 2;
            tokens[..count].Fill(1);
            return count;
        }
    }

    private sealed class RecordingEmbedder : IRkllmEmbedder
    {
        public int[]? LastTokens { get; private set; }
        public int LastLength { get; private set; }

        public int Embed(ReadOnlySpan<int> tokens, Span<byte> embed)
        {
            LastTokens = tokens.ToArray();
            LastLength = embed.Length;
            embed.Fill(0);
            return 0;
        }
    }
}
