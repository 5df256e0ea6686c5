using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Nano.Clients.Tests.Drills;

/// <summary>
/// Native fault drills through a real NodeHost process: while clients keep two healthy models busy (one simulated, one
/// isolated emulator), an isolated emulator model segfaults, hangs or leaks past its memory limit. Each time only that
/// model's in-flight requests fail, with RUNTIME_FAULT marked retriable; the pool restarts its child after the backoff;
/// the healthy models keep completing; the dead child is gone and every handle-host child left belongs to a live handle.
/// Time to recover (failure answer → next success on that model) is printed for docs/RELIABILITY.md.
/// </summary>
public sealed partial class NativeFaultDrillSpec(DrillFixture fixture, ITestOutputHelper output) : IClassFixture<DrillFixture>
{
    private const int RuntimeFault = -31007;
    /// <summary>Generous: recovery is the backoff (200 ms) plus a child start (~1 s here); a shared 2-core machine stalls.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_segfault_mid_run_fails_only_that_models_in_flight_requests_and_the_child_is_restarted()
    {
        var drill = await RunDrillAsync(DrillFixture.Crashy, triggers: 2, "Crashed");

        // The emulator dereferences NULL on its worker thread; the child's .NET runtime turns that into SIGABRT.
        Assert.All(drill.Failures, f => Assert.Contains("signal 6", f.Message));
    }

    [Fact]
    public async Task A_hang_is_noticed_by_the_watchdog_within_its_bound_and_the_child_is_killed_and_restarted()
    {
        var drill = await RunDrillAsync(DrillFixture.Hangy, triggers: 1, "Hung");

        // Bound: hang_timeout + min(hang_timeout / 4, 1 s) after the last callback, here 2.5 s; the margin covers the
        // client seeing its last token later than the node did, and a stalled machine.
        var failure = Assert.Single(drill.Failures);
        var detected = Stopwatch.GetElapsedTime(failure.LastTokenAt, failure.AnsweredAt);
        output.WriteLine($"hang noticed {detected.TotalMilliseconds:0} ms after the last token (hang_timeout {DrillFixture.HangTimeout.TotalMilliseconds:0} ms)");
        Assert.Equal(DrillFixture.FaultAfterTokens, failure.Tokens);
        Assert.InRange(detected, DrillFixture.HangTimeout - TimeSpan.FromMilliseconds(500), DrillFixture.HangTimeout + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_leak_past_the_memory_limit_kills_the_child_as_MemoryExceeded_and_it_is_restarted()
    {
        var drill = await RunDrillAsync(DrillFixture.Leaky, triggers: 1, "MemoryExceeded", triggerTokens: 10_000);

        var failure = Assert.Single(drill.Failures);
        Assert.Contains($"exceeds the limit of {DrillFixture.RssLimitMb} MB", failure.Message);
        // 2 MiB a token: over 320 MB well before 10 000 tokens (the child starts at some 60-100 MB).
        Assert.InRange(failure.Tokens, 1, 200);
    }

    private sealed record Drill(IReadOnlyList<GenerateOutcome> Failures, TimeSpan Recovery);

    private async Task<Drill> RunDrillAsync(string model, int triggers, string faultKind, int triggerTokens = 4 * DrillFixture.FaultAfterTokens)
    {
        var node = fixture.Node;
        await using var load = await SteadyLoad.StartAsync(node.Tcp, (DrillFixture.SteadySim, 2, 4), (DrillFixture.SteadyEmu, 2, 8));
        await using var probe = await McpLineClient.ConnectAsync(node.Tcp);
        var warm = await probe.GenerateAsync(model, 2);
        Assert.True(warm.Ok, $"{model} did not serve before the drill: {warm.Message}\n{node.Node.Tail}");

        var start = Stopwatch.GetTimestamp();
        var clients = await Task.WhenAll(Enumerable.Range(0, triggers).Select(_ => McpLineClient.ConnectAsync(node.Tcp)));
        var failures = await Task.WhenAll(clients.Select((c, i) => c.GenerateAsync(model, triggerTokens, $"trigger {i}")));
        foreach (var c in clients) await c.DisposeAsync();
        var faultAt = failures.Min(f => f.AnsweredAt);

        // The next request on the model waits for the restarted child and succeeds: no request sent after the fault fails.
        var next = await probe.GenerateAsync(model, 2);
        var recovery = Stopwatch.GetElapsedTime(faultAt, next.AnsweredAt);
        await load.StopAsync();

        foreach (var f in failures)
        {
            Assert.False(f.Ok, $"a trigger of {model} completed");
            Assert.Equal((RuntimeFault, "RUNTIME_FAULT", true), (f.Code, f.Name, f.Retriable));
            Assert.Contains($"({faultKind})", f.Message);
        }
        Assert.True(next.Ok, $"the first request after the fault failed: {next.Code} {next.Message}\n{node.Node.Tail}");
        Assert.InRange(recovery, TimeSpan.Zero, RecoveryBound);
        Assert.Empty(load.Errors);
        foreach (var healthy in new[] { DrillFixture.SteadySim, DrillFixture.SteadyEmu })
        {
            Assert.All(load.Of(healthy), o => Assert.True(o.Ok, $"{healthy} failed during the drill: {o.Code} {o.Message}"));
            Assert.NotEmpty(load.Of(healthy, start, next.AnsweredAt));
        }
        await AssertNoOrphansAsync(probe, failures);

        output.WriteLine($"{model} ({faultKind}): {failures.Length} in-flight request(s) failed RUNTIME_FAULT retriable; " +
            $"recovered (failure answer → next success) in {recovery.TotalMilliseconds:0} ms; healthy models completed " +
            $"{load.Of(DrillFixture.SteadySim, start).Count} + {load.Of(DrillFixture.SteadyEmu, start).Count} requests meanwhile, 0 failed");
        return new Drill(failures, recovery);
    }

    /// <summary>The dead child (its pid is in the fault reason) is gone; every handle-host left is the node's child and serves a handle.</summary>
    private async Task AssertNoOrphansAsync(McpLineClient client, IEnumerable<GenerateOutcome> failures)
    {
        foreach (var pid in failures.Select(f => ChildPid().Match(f.Message)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)))
            Assert.False(NodeProcesses.IsAlive(pid), $"the faulted child pid {pid} is still alive");
        var (children, handles) = await fixture.Node.ChildrenAndHandlesAsync(client, DrillFixture.Isolated);
        Assert.All(children, c => Assert.Equal(fixture.Node.Pid, c.ParentPid));
        Assert.Equal(handles, children.Count);
    }

    [GeneratedRegex(@"child pid (\d+)")]
    private static partial Regex ChildPid();
}
