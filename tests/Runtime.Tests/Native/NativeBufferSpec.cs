using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>
/// Hidden-layer and logits buffers are copied inside the callback: the emulator NaN-fills and frees them as soon
/// as the callback returns, so only a copy taken in time holds the formula's values afterwards.
/// </summary>
public sealed class NativeBufferSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void The_last_hidden_layer_is_copied_with_the_emulator_values(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir));
        var sink = new RecordingSink();
        const string prompt = "three word prompt";

        handle.Run(new RkllmPromptInput(prompt), new RkllmInferParams { Mode = RkllmInferMode.LastHiddenLayer }, sink);

        Assert.Equal([RkllmCallState.Normal, RkllmCallState.Finish], sink.Results.Select(r => r.State));
        var layer = sink.Results[0].HiddenLayer;
        Assert.NotNull(layer);
        Assert.Equal(16, layer.EmbdSize);
        Assert.Equal(3, layer.NumTokens);
        Assert.Equal(48, layer.HiddenStates.Length);
        var b = EmulatorStream.Base(prompt);
        for (var i = 0; i < layer.HiddenStates.Length; i++) Assert.Equal(MathF.Sin(b + i), layer.HiddenStates[i], 1e-5f);
        Assert.Null(sink.Results[0].Logits);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Logits_are_copied_with_the_emulator_values(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir, 12, "vocab_size=100"));
        var sink = new RecordingSink();
        const string prompt = "logits please";

        handle.Run(new RkllmPromptInput(prompt), new RkllmInferParams { Mode = RkllmInferMode.Logits }, sink);

        var logits = sink.Results[0].Logits;
        Assert.NotNull(logits);
        Assert.Equal(100, logits.VocabSize);
        Assert.Equal(1, logits.NumTokens);
        var b = EmulatorStream.Base(prompt);
        for (var i = 0; i < 100; i++) Assert.Equal(MathF.Cos(b + i), logits.Values[i], 1e-5f);
        Assert.Equal(RkllmCallState.Finish, sink.Results[^1].State);
    }

    [Fact]
    public void Release_buffer_is_accepted_on_v13_and_read_as_continue_on_v12()
    {
        foreach (var abi in new[] { 12, 13 })
        {
            using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir));
            var sink = new RecordingSink((_, _) => RkllmCallbackAction.ReleaseBuffer);

            handle.Run(new RkllmPromptInput("free it"), new RkllmInferParams { Mode = RkllmInferMode.Logits }, sink);

            Assert.Equal(RkllmCallState.Finish, sink.Results[^1].State);
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void A_pause_the_runtime_does_not_honour_still_ends_the_run_and_frees_it(int abi)
    {
        using var handle = Emulator.Runtime(abi).Init(Emulator.Params(_dir));
        var sink = new RecordingSink((_, _) => RkllmCallbackAction.Pause);

        handle.Run(new RkllmPromptInput("hidden"), new RkllmInferParams { Mode = RkllmInferMode.LastHiddenLayer }, sink);

        Assert.Equal(RkllmCallState.Finish, sink.Results[^1].State);
        Assert.Equal(0, ((Nano.Runtime.Native.Internal.NativeHandle)handle).LiveRuns);
    }
}
