using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>Token streaming through the result callback, sync and async, on both ABIs.</summary>
public sealed class NativeStreamingSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Tokens_stream_in_order_on_a_foreign_thread_and_finish_with_perf_stats(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 12));
        var sink = new RecordingSink();
        const string prompt = "tell me about the board";

        handle.Run(new RkllmPromptInput(prompt), RkllmInferParams.Default, sink);

        Assert.Equal(EmulatorStream.Text(prompt, 12), sink.Text);
        Assert.All(sink.ThreadIds, id => Assert.NotEqual(Environment.CurrentManagedThreadId, id));
        var finish = Assert.Single(sink.Results, r => r.State is RkllmCallState.Finish or RkllmCallState.Error);
        Assert.Same(finish, sink.Results[^1]);
        Assert.Equal(RkllmCallState.Finish, finish.State);
        Assert.NotNull(finish.Perf);
        Assert.Equal(12, finish.Perf.GenerateTokens);
        Assert.Equal(5, finish.Perf.PrefillTokens);
        Assert.Equal(100f, finish.Perf.MemoryUsageMb);
        Assert.False(handle.IsRunning);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Waiting_produces_no_text_and_the_following_character_arrives_whole(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 10));
        var sink = new RecordingSink();

        handle.Run(new RkllmPromptInput("hello"), RkllmInferParams.Default, sink);

        var results = sink.Results;
        var waiting = Enumerable.Range(0, results.Count).Where(i => results[i].State == RkllmCallState.Waiting).ToList();
        Assert.Equal(2, waiting.Count); // tokens 4 and 9
        foreach (var i in waiting)
        {
            Assert.Null(results[i].Text);
            Assert.Equal(RkllmCallState.Normal, results[i + 1].State);
            Assert.Equal("é", results[i + 1].Text);
            Assert.Equal(EmulatorStream.Utf8TokenId, results[i + 1].TokenId);
        }
        Assert.Equal(10, sink.NormalCount);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task RunAsync_returns_at_once_and_the_stream_ends_with_finish(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 20, "token_delay_us=2000"));
        var firstToken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checkedRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink((_, normal) =>
        {
            // Hold the runtime's thread on the first token until the test has looked at IsRunning.
            if (normal == 1 && firstToken.TrySetResult()) checkedRunning.Task.Wait(Emulator.Timeout);
            return RkllmCallbackAction.Continue;
        });

        handle.RunAsync(new RkllmPromptInput("async please"), RkllmInferParams.Default, sink);
        await firstToken.Task.WaitAsync(Emulator.Timeout);
        var runningMidStream = handle.IsRunning;
        var endedMidStream = sink.Ended.IsCompleted;
        checkedRunning.SetResult();
        var end = await sink.WaitEnded();

        Assert.True(runningMidStream);
        Assert.False(endedMidStream);
        Assert.Equal(RkllmCallState.Finish, end.State);
        Assert.Equal(EmulatorStream.Text("async please", 20), sink.Text);
        Assert.False(handle.IsRunning);
    }

    [Fact]
    public void A_per_run_max_new_tokens_overrides_the_init_value_on_v13()
    {
        using var handle = Emulator.Runtime(13).Init(Emulator.Params(_dir, maxNewTokens: 12));
        var sink = new RecordingSink();

        handle.Run(new RkllmPromptInput("short"), new RkllmInferParams { MaxNewTokens = 3 }, sink);

        Assert.Equal(EmulatorStream.Text("short", 3), sink.Text);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Token_and_embed_inputs_reach_the_runtime(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 2));
        var tokens = new RecordingSink();
        var embed = new RecordingSink();

        handle.Run(new RkllmTokenInput([5, 6, 7, 8]), RkllmInferParams.Default, tokens);
        handle.Run(new RkllmEmbedInput(new float[3 * 16], 3), RkllmInferParams.Default, embed);

        Assert.Equal(4, tokens.Results[^1].Perf?.PrefillTokens);
        Assert.Equal(3, embed.Results[^1].Perf?.PrefillTokens);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void An_image_adds_its_tokens_to_the_prompt(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, maxNewTokens: 2));
        var sink = new RecordingSink();
        var image = new RkllmImage(new float[2 * 4 * 16], NImageTokens: 4, NImage: 2, Width: 32, Height: 32);

        handle.Run(new RkllmMultimodalInput("what is this", image), RkllmInferParams.Default, sink);

        Assert.Equal(3 + 8, sink.Results[^1].Perf?.PrefillTokens);
    }

    [Fact]
    public void A_video_adds_its_frame_tokens_on_v13()
    {
        using var handle = Emulator.Runtime(13).Init(Emulator.Params(_dir, maxNewTokens: 2));
        var sink = new RecordingSink();
        var image = new RkllmImage(new float[4 * 16], 4, 1, 16, 16) { Start = "<img>", End = "</img>", Content = "<pad>" };
        var video = new RkllmVideo(new float[2 * 3 * 2 * 16], NFrameTokens: 2, NFramePerVideo: 3, NVideo: 2, FrameWidth: 8, FrameHeight: 8);

        handle.Run(new RkllmMultimodalInput("describe", image, video), RkllmInferParams.Default, sink);

        Assert.Equal(1 + 4 + 12, sink.Results[^1].Perf?.PrefillTokens);
    }
}
