using System.CommandLine;
using System.Text.Json;
using Nano.LoadGen;
using Nano.LoadGen.Cli;

namespace Nano.Clients.Tests.LoadGen;

/// <summary>
/// The load generator against a real NodeHost on the zero-latency runtime, over every transport: a short run
/// completes and every request is accounted for. No timing is asserted (the machines are shared and noisy).
/// </summary>
public sealed class LoadGeneratorSmokeSpec(ZeroNodeFixture node) : IClassFixture<ZeroNodeFixture>
{
    private const int Clients = 4, PerClient = 50, Requests = Clients * PerClient, MaxTokens = 8;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(LoadTransport.Tcp, true)]
    [InlineData(LoadTransport.Tcp, false)]
    [InlineData(LoadTransport.Ws, true)]
    [InlineData(LoadTransport.Http, true)]
    [InlineData(LoadTransport.Http, false)]
    [InlineData(LoadTransport.Udp, true)]
    [InlineData(LoadTransport.OpenAi, true)]
    [InlineData(LoadTransport.OpenAi, false)]
    public async Task A_closed_loop_run_answers_every_request_and_its_counts_add_up(LoadTransport transport, bool stream)
    {
        var report = await RunAsync(new LoadOptions
        {
            Transport = transport,
            Target = node.Target(transport),
            Clients = Clients,
            Requests = Requests,
            MaxTokens = MaxTokens,
            Stream = stream,
        });

        var counts = report.Counts;
        Assert.True(counts.AddsUp, $"counts do not add up: {counts}");
        Assert.Equal(new LoadCounts(Requests, Requests, 0, 0, 0, 0), counts);
        Assert.Equal((long)Requests * MaxTokens, report.Tokens);
        Assert.Equal(Requests, report.LatencyUs.Count);
        Assert.True(report.LatencyUs.P50 <= report.LatencyUs.P99 && report.LatencyUs.P99 <= report.LatencyUs.Max, $"percentiles out of order: {report.LatencyUs}");
        if (stream)
        {
            // Every token is one progress notification or SSE chunk; over UDP they are best effort (the result is authoritative).
            if (transport == LoadTransport.Udp) Assert.InRange(report.StreamEvents, 0, (long)Requests * MaxTokens);
            else Assert.Equal((long)Requests * MaxTokens, report.StreamEvents);
            Assert.NotNull(report.TtftUs);
            Assert.Equal(report.StreamEvents - report.TtftUs!.Count, report.InterTokenUs!.Count);
        }
        else
        {
            Assert.Equal(0, report.StreamEvents);
            Assert.Null(report.TtftUs);
        }
        AssertJsonMatches(report);
    }

    [Fact]
    public async Task An_open_loop_run_sends_on_schedule_and_accounts_for_every_request()
    {
        var report = await RunAsync(new LoadOptions
        {
            Transport = LoadTransport.Tcp,
            Target = node.Target(LoadTransport.Tcp),
            Clients = 2,
            Rate = 400,
            Requests = 100,
            MaxTokens = MaxTokens,
            Stream = true,
        });

        Assert.True(report.Counts.AddsUp, $"counts do not add up: {report.Counts}");
        Assert.Equal(100, report.Counts.Sent);
        // A stall of the shared machine may fill the model's queue: such requests are shed, never lost or failed.
        Assert.Equal(100, report.Counts.Ok + report.Counts.Shed);
        Assert.Equal((long)report.Counts.Ok * MaxTokens, report.Tokens);
        Assert.Equal("open", report.Mode);
        Assert.Equal(100, report.SendLagUs!.Count);
    }

    [Fact]
    public async Task Warm_up_requests_are_left_out_of_the_report()
    {
        var report = await RunAsync(new LoadOptions
        {
            Transport = LoadTransport.Tcp,
            Target = node.Target(LoadTransport.Tcp),
            Warmup = TimeSpan.FromMilliseconds(300),
            Requests = 20,
            MaxTokens = 1,
        });

        Assert.True(report.WarmupRequests > 0, "no request was sent during the warm-up");
        Assert.Equal(new LoadCounts(20, 20, 0, 0, 0, 0), report.Counts);
    }

    [Fact]
    public async Task A_model_the_node_does_not_have_is_counted_as_errors_by_code()
    {
        var report = await RunAsync(new LoadOptions
        {
            Transport = LoadTransport.Tcp,
            Target = node.Target(LoadTransport.Tcp),
            Model = "no-such-model",
            Requests = 5,
        });

        Assert.Equal(new LoadCounts(5, 0, 5, 0, 0, 0), report.Counts);
        Assert.Equal(5, Assert.Single(report.Errors, e => e.Key.Contains("-31003")).Value);
    }

    [Fact]
    public async Task The_console_prints_progress_on_stderr_and_one_json_report_on_stdout()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await LoadGenCli.InvokeAsync(
            ["--transport", "openai", "--target", node.Target(LoadTransport.OpenAi), "--clients", "2", "--requests", "20", "--max-tokens", "4", "--stream", "--json"],
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }).WaitAsync(Bound);

        Assert.True(exit == 0, $"exit {exit}: {error}\n{node.Log}");
        Assert.Contains("sent 20", error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var counts = json.RootElement.GetProperty("counts");
        Assert.Equal(20, counts.GetProperty("sent").GetInt64());
        Assert.Equal(20, counts.GetProperty("ok").GetInt64());
        Assert.Equal(80, json.RootElement.GetProperty("tokens").GetInt64());
        Assert.True(json.RootElement.GetProperty("inter_token_us").GetProperty("p99").GetInt64() >= 0);
    }

    [Fact]
    public async Task An_unreachable_target_fails_to_start_with_exit_code_1()
    {
        var error = new StringWriter();
        var exit = await LoadGenCli.InvokeAsync(["--transport", "tcp", "--target", "127.0.0.1:1", "--requests", "1", "--timeout", "5s"],
            new InvocationConfiguration { Output = new StringWriter(), Error = error, ProcessTerminationTimeout = null }).WaitAsync(Bound);

        Assert.Equal(LoadGenCli.CannotStart, exit);
        Assert.Contains("cannot start tcp clients", error.ToString());
    }

    private async Task<LoadReport> RunAsync(LoadOptions options)
    {
        try
        {
            return await LoadRunner.RunAsync(options).WaitAsync(Bound);
        }
        catch (Exception e) when (e is LoadGenException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nnode log:\n{node.Log}");
        }
    }

    private static void AssertJsonMatches(LoadReport report)
    {
        var text = LoadReportJson.Serialize(report);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(report.Counts.Sent, root.GetProperty("counts").GetProperty("sent").GetInt64());
        Assert.Equal(report.LatencyUs.P99_9, root.GetProperty("latency_us").GetProperty("p99_9").GetInt64());
        Assert.Equal(report.Tokens, root.GetProperty("tokens").GetInt64());
        var back = LoadReportJson.Deserialize(text)!;
        Assert.Equal(report.Counts, back.Counts);
        Assert.Equal(report.LatencyUs, back.LatencyUs);
    }
}
