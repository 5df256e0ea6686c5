using System.Diagnostics;
using Nano.Runtime.Sim;
using Xunit.Abstractions;
using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

[Collection(SimCollection.Name)]
public class SimCalibrationSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData("rk3588", "qwen2.5-1.5b-w8a8", 378.31, 16.69, 1689.21)]
    [InlineData("rk3588", "qwen2-0.5b-w8a8", 145.90, 41.58, 669.56)]
    [InlineData("rk3576", "qwen2-0.5b-w4a16", 342.37, 32.56, 443.44)]
    public void A_benchmark_run_reports_the_published_TTFT_decode_rate_and_memory(
        string board, string profile, double ttftMs, double tokensPerSecond, double memoryMb)
    {
        var runtime = NewRuntime(scale: 0.01, board: board);
        using var handle = runtime.Init(Params(profile, maxNewTokens: 64));
        var sink = new RecordingSink();

        RunBounded(handle, Tokens(128), Infer(), sink);

        var perf = sink.WaitPerf();
        output.WriteLine($"{board} {profile}: TTFT {perf.PrefillTimeMs:0.00} ms, {perf.DecodeTokensPerSecond:0.00} tok/s, {perf.MemoryUsageMb:0.00} MB");
        Assert.Equal(128, perf.PrefillTokens);
        Assert.Equal(64, perf.GenerateTokens);
        AssertWithin(ttftMs, perf.PrefillTimeMs, 0.02, "TTFT (prefill ms)");
        AssertWithin(tokensPerSecond, perf.DecodeTokensPerSecond, 0.02, "decode tok/s");
        AssertWithin(memoryMb, perf.MemoryUsageMb, 0.001, "memory MB");
    }

    [Fact]
    public void The_sim_really_waits_scaled_wall_time_tracks_model_time()
    {
        const double scale = 0.05;
        var runtime = NewRuntime(scale);
        using var handle = runtime.Init(Params("qwen2.5-1.5b-w8a8", maxNewTokens: 64));
        var warmUp = new RecordingSink(); // first calls JIT the engine: keep that out of the measurement
        handle.RunAsync(Tokens(4), Infer(maxNewTokens: 2), warmUp);
        warmUp.WaitEnd();
        var sink = new RecordingSink();

        var started = Stopwatch.GetTimestamp();
        handle.RunAsync(Tokens(128), Infer(), sink);
        var perf = sink.WaitPerf();
        var wallMs = Stopwatch.GetElapsedTime(started, sink.EndedAt).TotalMilliseconds;

        var modelMs = perf.PrefillTimeMs + perf.GenerateTimeMs; // ~4213 simulated ms, ~211 wall ms at this scale
        output.WriteLine($"model {modelMs:0.0} ms; wall {wallMs:0.0} ms at scale {scale} = {wallMs / scale:0.0} simulated ms");
        AssertWithin(modelMs, wallMs / scale, 0.35, "wall ms / scale");
    }

    [Fact]
    public void Prefill_time_is_linear_in_prompt_tokens_with_one_token_minimum()
    {
        var runtime = NewRuntime();
        using var handle = runtime.Init(Params("qwen2-0.5b-w8a8", maxNewTokens: 1));
        var perTokenMs = 145.90 / 128;

        var long_ = new RecordingSink();
        RunBounded(handle, Tokens(512), Infer(), long_);
        var empty = new RecordingSink();
        RunBounded(handle, new RkllmPromptInput(""), Infer(), empty);

        AssertWithin(512 * perTokenMs, long_.WaitPerf().PrefillTimeMs, 0.01, "512-token prefill");
        Assert.Equal(1, empty.WaitPerf().PrefillTokens);
        AssertWithin(perTokenMs, empty.WaitPerf().PrefillTimeMs, 0.01, "empty-prompt prefill");
    }

    [Fact]
    public void Explicit_numbers_in_a_profile_file_calibrate_a_model_the_table_lacks()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nano-sim-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"name":"qwen2.5-1.5b-w4a16","ttft_ms":600,"tokens_per_s":12.5,"memory_mb":900,"prompt_tokens_ref":64}""");
        try
        {
            var runtime = NewRuntime(board: "rk3576");
            using var handle = runtime.Init(Params(file, maxNewTokens: 10) with { ModelPath = file });
            var sink = new RecordingSink();

            RunBounded(handle, Tokens(64), Infer(), sink);

            var perf = sink.WaitPerf();
            AssertWithin(600, perf.PrefillTimeMs, 0.01, "TTFT");
            AssertWithin(12.5, perf.DecodeTokensPerSecond, 0.01, "tok/s");
            Assert.Equal(900, perf.MemoryUsageMb);
            Assert.Equal(900, runtime.Board.UsedMemoryMb);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
