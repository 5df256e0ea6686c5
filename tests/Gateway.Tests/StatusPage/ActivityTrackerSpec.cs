using Nano.Actors.Protocol;
using Nano.Gateway.StatusPage;

namespace Nano.Gateway.Tests.StatusPage;

public sealed class ActivityTrackerSpec
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Completions_land_in_their_second_with_tokens_and_mean_latency()
    {
        var clock = new FixedClock(Start.AddSeconds(3));
        var tracker = new ActivityTracker(clock);
        tracker.Record(Completed(Start.AddSeconds(1), tokens: 10, latencyMs: 100));
        tracker.Record(Completed(Start.AddSeconds(1).AddMilliseconds(500), tokens: 6, latencyMs: 300));

        var snapshot = tracker.Snapshot();
        var second = snapshot.Seconds.Single(p => p.UnixSecond == Start.AddSeconds(1).ToUnixTimeSeconds());
        Assert.Equal(16, second.Tokens);
        Assert.Equal(200, second.LatencyMs);
        Assert.Equal(2, snapshot.Completed);
        Assert.Equal(16, snapshot.Tokens);
        Assert.Equal(ActivityTracker.WindowSeconds, snapshot.Seconds.Count);
    }

    [Fact]
    public void Seconds_older_than_the_window_are_forgotten()
    {
        var clock = new FixedClock(Start.AddSeconds(ActivityTracker.WindowSeconds + 5));
        var tracker = new ActivityTracker(clock);
        tracker.Record(Completed(Start, tokens: 10, latencyMs: 100));

        Assert.All(tracker.Snapshot().Seconds, p => Assert.Equal(0, p.Tokens));
    }

    [Fact]
    public void Failures_and_rejections_are_counted_apart_and_listed_newest_first()
    {
        var tracker = new ActivityTracker(new FixedClock(Start));
        tracker.Record(GenerationObserved.From("m", new Failed("r1", NanoErrorCode.RuntimeFault, "boom", true), Start)!);
        tracker.Record(GenerationObserved.From("m", new Rejected("r2", NanoErrorCode.QueueFull, "full"), Start.AddSeconds(1))!);

        var snapshot = tracker.Snapshot();
        Assert.Equal(1, snapshot.Failed);
        Assert.Equal(1, snapshot.Rejected);
        Assert.Equal(["full", "boom"], snapshot.RecentErrors.Select(e => e.Message));
    }

    private static GenerationObserved Completed(DateTimeOffset at, int tokens, double latencyMs) =>
        new(GenerationOutcome.Completed, "m", "n", true, tokens, latencyMs, 10, null, null, at);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
