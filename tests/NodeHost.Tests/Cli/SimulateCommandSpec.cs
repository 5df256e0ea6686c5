using System.Text.Json;
using Nano.NodeHost.Cli;

namespace Nano.NodeHost.Tests.Cli;

/// <summary>`simulate` against the shipped example config: a real in-process cluster of simulated boards.</summary>
[Collection(NodeCollection.Name)]
public sealed class SimulateCommandSpec
{
    [Fact]
    public async Task Simulate_with_json_prints_a_report_whose_counts_add_up_and_says_it_is_simulated()
    {
        var run = await CliRun.InvokeAsync("simulate", "--boards", "2", "--clients", "4", "--duration", "2s", "--time-scale", "0.1", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var report = json.RootElement;
        Assert.True(report.GetProperty("simulated").GetBoolean());
        Assert.Contains("SIMULATED", report.GetProperty("notice").GetString());
        Assert.Equal(0.1, report.GetProperty("time_scale").GetDouble());
        Assert.Equal(2, report.GetProperty("boards").GetInt32());
        Assert.Equal(4, report.GetProperty("clients").GetInt32());
        var sent = report.GetProperty("sent").GetInt32();
        Assert.True(sent >= 4, $"each client sends at least once: {sent}");
        Assert.Equal(sent, new[] { "completed", "failed", "rejected", "unanswered" }.Sum(p => report.GetProperty(p).GetInt32()));
        Assert.True(report.GetProperty("completion_tokens").GetInt64() > 0);
        Assert.True(report.GetProperty("tokens_per_second").GetDouble() > 0);
        Assert.True(report.GetProperty("latency_ms").GetProperty("p99").GetDouble() > 0);
        Assert.True(report.GetProperty("time_to_first_token_ms").GetProperty("p50").GetDouble() > 0);
        Assert.True(report.TryGetProperty("shed", out _));
        var boards = report.GetProperty("per_board").EnumerateArray().ToArray();
        Assert.Equal(2, boards.Length);
        Assert.All(boards, b => Assert.Equal(1, b.GetProperty("replicas").GetArrayLength()));
        Assert.Contains("SIMULATED cluster", run.Error);
    }

    [Fact]
    public async Task Simulate_prints_a_table_naming_simulated_time()
    {
        var run = await CliRun.InvokeAsync("simulate", "--boards", "1", "--clients", "2", "--requests", "2", "--model", "qwen2-0.5b",
            "--output-tokens", "8", "--time-scale", "0.05");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("SIMULATED cluster: 1 simulated rk3588 board(s)", run.Output);
        Assert.Contains("All times and rates are SIMULATED time (time scale 0.05", run.Output);
        Assert.Contains("requests    2 sent: 2 completed", run.Output);
        Assert.Contains("tokens      16 completion tokens", run.Output);
    }

    [Theory]
    [InlineData("--duration", "3x")]
    [InlineData("--prompt-tokens", "9-3")]
    [InlineData("--boards", "0")]
    public async Task Simulate_refuses_unparseable_options_naming_them_without_starting_a_cluster(string option, string value)
    {
        var run = await CliRun.InvokeAsync("simulate", option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.Error);
        Assert.DoesNotContain("starting", run.Error);
    }

    [Fact]
    public async Task Simulate_of_an_unknown_model_exits_2_listing_the_simulated_models()
    {
        var run = await CliRun.InvokeAsync("simulate", "--model", "llama-70b");

        Assert.Equal(NodeOptions.ConfigError, run.ExitCode);
        Assert.Contains("nano: unknown model 'llama-70b'", run.Error);
        Assert.Contains("simulated models: qwen2.5-1.5b, qwen2-0.5b, qwen2-vl-2b", run.Error);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("45", 45_000)]
    public void Durations_parse_with_their_unit_and_bare_numbers_as_seconds(string text, double ms)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(ms, duration.TotalMilliseconds);
    }
}
