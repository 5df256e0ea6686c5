using Nano.Runtime.Sim;
using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

[Collection(SimCollection.Name)]
public class SimProfilesSpec
{
    [Fact]
    public void The_embedded_table_holds_exactly_the_published_rows()
    {
        Assert.Equal(10, SimProfiles.For("rk3588").Count);
        Assert.Equal(7, SimProfiles.For("RK3576").Count);
        var row = SimProfiles.Find("rk3588", "Qwen2.5", "1.5B", "w8a8");
        Assert.NotNull(row);
        Assert.Equal(("qwen2.5-1.5b-w8a8", 378.31, 16.69, 1689.21, 128), (row.Name, row.TtftMs, row.TokensPerSecond, row.MemoryMb, row.PromptTokensRef));
        Assert.True(SimProfiles.Find("rk3576", "qwen3-vl-2b-w4a16")!.IsVision);
        Assert.False(row.IsVision);
    }

    [Fact]
    public void A_combination_missing_from_the_table_is_not_invented()
    {
        Assert.Null(SimProfiles.Find("rk3576", "Qwen2.5", "1.5B", "w4a16"));

        var error = Assert.Throws<RkllmException>(() => NewRuntime(board: "rk3576").Init(Params("qwen2.5-1.5b-w4a16")));

        Assert.Equal("rkllm_init", error.Function);
        Assert.Contains("unknown simulated profile", error.Message);
        Assert.Contains("qwen2-0.5b-w4a16", error.Message); // lists the known ones
    }

    [Fact]
    public void A_profile_file_names_a_row_and_must_match_the_board()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nano-sim-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"profile":"qwen2.5-1.5b-w8a8","board":"rk3588"}""");
        try
        {
            using (var handle = NewRuntime().Init(Params("x") with { ModelPath = file }))
                Assert.Contains("qwen2.5-1.5b-w8a8", handle.Info.Library);

            var error = Assert.Throws<RkllmException>(() => NewRuntime(board: "rk3576").Init(Params("x") with { ModelPath = file }));
            Assert.Contains("rk3588", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("""{"ttft_ms":100,"tokens_per_s":10}""", "memory_mb")]
    [InlineData("""{"profile":"qwen2-0.5b-w8a8","ttft_ms":100}""", "either")]
    [InlineData("""{"profil":"qwen2-0.5b-w8a8"}""", "unknown keys")]
    [InlineData("not json", "not a JSON object")]
    public void A_bad_profile_file_fails_init_with_the_reason(string json, string reason)
    {
        var file = Path.Combine(Path.GetTempPath(), $"nano-sim-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            var runtime = NewRuntime();
            var error = Assert.Throws<RkllmException>(() => runtime.Init(Params("x") with { ModelPath = file }));
            Assert.Contains(reason, error.Message);
            Assert.Equal(0, runtime.Board.UsedMemoryMb);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Runtime_info_and_the_init_log_say_simulated()
    {
        var logger = new ListLogger();
        var runtime = NewRuntime(logger: logger);

        using var handle = runtime.Init(Params("qwen2.5-1.5b-w8a8"));

        Assert.Equal(RuntimeKind.Simulated, runtime.Info.Kind);
        Assert.True(handle.Info.IsSimulated);
        Assert.Equal("sim-1.0 (calibrated: rknn-llm v1.3.0 benchmark table)", handle.Info.Version);
        Assert.Contains("SIMULATED", handle.Info.ToString());
        var line = Assert.Single(logger.Lines, l => l.Contains("SIMULATED"));
        Assert.Contains("qwen2.5-1.5b-w8a8", line);
        Assert.Contains("rk3588", line);
    }

    [Fact]
    public void A_runtime_spec_of_another_kind_is_refused() =>
        Assert.Throws<ArgumentException>(() => new SimulatedRuntime(new RuntimeSpec { Kind = RuntimeKind.Native }));
}
