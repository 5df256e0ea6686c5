using Nano.Simulation;

namespace Nano.Cluster.Tests;

public sealed class WorkloadSpec(TwoBoardCluster boards) : IClassFixture<TwoBoardCluster>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_closed_loop_run_answers_every_request_and_spreads_the_work_over_both_boards()
    {
        var options = new WorkloadOptions
        {
            Models = ["small"], Clients = 4, MaxRequests = 24, Duration = TimeSpan.FromMinutes(2),
            PromptTokens = new IntRange(16, 64), OutputTokens = new IntRange(8, 16),
        };

        var report = await Workload.RunAsync(boards.Cluster, options, CancellationToken.None).WaitAsync(Bound);

        Assert.True(report.Simulated);
        Assert.Equal(24, report.Sent);
        Assert.Equal(report.Sent, report.Completed + report.Failed + report.Rejected + report.Unanswered);
        Assert.Equal(0, report.Unanswered);
        Assert.True(report.Completed > 0, SimulationReportFormat.ToText(report));
        // The simulated runtime always generates max_new_tokens, so usage sums to between 8 and 16 per request.
        Assert.InRange(report.CompletionTokens, 8L * report.Completed, 16L * report.Completed);
        Assert.Equal(2, report.PerBoard.Count);
        Assert.All(report.PerBoard, b => Assert.True(b.Completed > 0 && b.Replicas.Count == 1, $"{b.Node}: {b.Completed} completed, replicas {string.Join(",", b.Replicas)}"));
        Assert.Equal(report.CompletionTokens, report.PerBoard.Sum(b => b.CompletionTokens));
        Assert.NotNull(report.LatencyMs);
        Assert.Equal(report.Completed, report.LatencyMs.Count);
    }

    [Fact]
    public async Task An_open_loop_run_sends_exactly_its_request_budget_and_accounts_for_each()
    {
        var options = new WorkloadOptions
        {
            Models = ["small"], ArrivalRatePerSecond = 20, MaxRequests = 10, SessionFraction = 0.5,
            PromptTokens = IntRange.Fixed(32), OutputTokens = IntRange.Fixed(8),
        };

        var report = await Workload.RunAsync(boards.Cluster, options, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal("open", report.Loop);
        Assert.Equal(10, report.Sent);
        Assert.Equal(report.Sent, report.Completed + report.Failed + report.Rejected);
        Assert.Equal(8L * report.Completed, report.CompletionTokens);
        Assert.True(report.TokensPerSecond > 0, SimulationReportFormat.ToText(report));
    }
}
