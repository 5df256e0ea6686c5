using System.Text.RegularExpressions;
using Nano.NodeHost.Cli;
using Nano.NodeHost.Tests.Configuration;
using Nano.Runtime;

namespace Nano.NodeHost.Tests.Cli;

/// <summary>The command line against the shipped example config (simulated models), each run a real in-process node.</summary>
[Collection(NodeCollection.Name)]
public sealed class NanoCliSpec
{
    [Fact]
    public async Task Generate_streams_tokens_to_stdout_and_a_simulated_summary_to_stderr_and_exits_zero()
    {
        var run = await CliRun.InvokeAsync("generate", "--model", "qwen2-0.5b", "--prompt", "Say hello to the cluster", "--max-tokens", "12");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(string.IsNullOrWhiteSpace(run.Output), "tokens on stdout");
        Assert.DoesNotContain("SIMULATED", run.Output);
        Assert.Matches(new Regex(@"(?m)^\[simulated\] \d+ tokens, TTFT \d+ ms, \d+\.\d tok/s"), run.Error);
        Assert.Contains("SIMULATED models: qwen2.5-1.5b, qwen2-0.5b, qwen2-vl-2b", run.Error);
    }

    [Fact]
    public async Task Ctrl_c_during_generate_cancels_the_request_and_exits_130()
    {
        var (output, error) = (new CapturedWriter(), new CapturedWriter());
        using var cts = new CancellationTokenSource();

        var running = CliRun.Start(["generate", "--model", "qwen2-0.5b", "--prompt", "a long story", "--max-tokens", "2000"], output, error, cts.Token);
        await output.WaitForAsync(" ", CliRun.Bound);
        await cts.CancelAsync();

        Assert.Equal(GenerateCommand.Cancelled, await running.WaitAsync(CliRun.Bound));
        Assert.Contains("nano: cancelled", error.Text);
        Assert.DoesNotContain("[simulated]", error.Text);
    }

    [Fact]
    public async Task Generate_with_the_emulator_runs_the_native_binding_in_process_and_names_the_runtime()
    {
        Assert.True(EmulatorLocator.Find(RkllmAbi.V1_3) is not null, "the emulator build (native/build/v13) is made by Runtime.Tests");
        using var folder = new ConfigFolder();
        folder.File("models/plain.rkllm", "");
        var path = folder.Write("""{ "models": [ { "name": "emu-qwen", "path": "models/plain.rkllm", "runtime": "emu", "isolated": false } ] }""");

        var run = await CliRun.InvokeAsync("generate", "--config", path, "--model", "emu-qwen", "--prompt", "hello board", "--max-tokens", "8");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(string.IsNullOrWhiteSpace(run.Output));
        Assert.Matches(new Regex(@"(?m)^\[emulator\] 8 tokens, TTFT \d+ ms, \d+\.\d tok/s, stopped at max tokens"), run.Error);
        Assert.DoesNotContain("SIMULATED", run.Error);
    }

    [Fact]
    public async Task Generate_for_an_unknown_model_exits_non_zero_listing_the_known_models()
    {
        var run = await CliRun.InvokeAsync("generate", "--model", "llama-70b", "--prompt", "hi");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nano: request rejected (MODEL_NOT_FOUND): unknown model 'llama-70b'; known models: qwen2-0.5b, qwen2-vl-2b, qwen2.5-1.5b", run.Error);
        Assert.Equal("", run.Output.Trim());
    }

    [Fact]
    public async Task Models_lists_the_three_example_models_as_simulated()
    {
        var run = await CliRun.InvokeAsync("models");

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = run.Output.Split('\n').Where(l => l.StartsWith("qwen", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["qwen2.5-1.5b", "qwen2-0.5b", "qwen2-vl-2b"], rows.Select(r => r.Split(' ')[0]));
        Assert.All(rows, r => Assert.Matches(new Regex(@"\ssim\s+unloaded\s+0/\d\s.*\syes$"), r.TrimEnd()));
    }

    [Fact]
    public async Task An_invalid_config_lists_every_error_and_exits_two_without_starting_a_node()
    {
        using var folder = new ConfigFolder();
        var path = folder.Write("""{ "models": [ { "name": "a", "path": "/etc/passwd", "runtime": "native", "max_instances": 0 } ] }""");

        var run = await CliRun.InvokeAsync("generate", "--config", path, "--model", "a", "--prompt", "hi");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"nano: {path}: 2 configuration error(s):", run.Error);
        Assert.Contains("  models[0].path: '/etc/passwd' is outside the model roots (./models)", run.Error);
        Assert.Contains("  models[0].max_instances: 0 is out of range 1..8", run.Error);
        Assert.DoesNotContain("SIMULATED", run.Error);
    }

    [Fact]
    public async Task With_no_arguments_a_node_starts_says_its_models_are_simulated_and_runs_until_cancelled()
    {
        var (output, error) = (new CapturedWriter(), new CapturedWriter());
        using var cts = new CancellationTokenSource();

        var running = CliRun.Start([], output, error, cts.Token);
        await error.WaitForAsync("SIMULATED models: qwen2.5-1.5b, qwen2-0.5b, qwen2-vl-2b", CliRun.Bound);
        Assert.False(running.IsCompleted, "the node keeps running until cancelled");
        await cts.CancelAsync();

        Assert.Equal(0, await running.WaitAsync(CliRun.Bound));
        Assert.Matches(new Regex(@"WARN NodeAnnouncer: SIMULATED models"), error.Text);
    }

    [Fact]
    public async Task Doctor_with_config_checks_the_configured_models_and_reports_config_errors_as_problems()
    {
        using var folder = new ConfigFolder();
        var bad = folder.Write("""{ "models": [ { "name": "a", "path": "models/missing.rkllm", "runtime": "native" } ] }""");

        var good = await CliRun.InvokeAsync("doctor", "--config", Nano.NodeHost.Configuration.NodeConfiguration.DefaultModelsPath);
        var failing = await CliRun.InvokeAsync("doctor", "--config", bad);

        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Matches(new Regex(@"(?m)^OK\s+config\s+models\.json\s+3 model\(s\), 3 simulated"), good.Output);
        Assert.Matches(new Regex(@"(?m)^INFO\s+model\s+qwen2-vl-2b\s+simulated profile sim://qwen3-vl-2b-w8a8"), good.Output);
        Assert.Equal(1, failing.ExitCode);
        Assert.Matches(new Regex(@"(?m)^FAIL\s+config\s+models\.json\s+models\[0\]\.path: file 'models/missing\.rkllm' does not exist"), failing.Output);
    }
}
