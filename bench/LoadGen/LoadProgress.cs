namespace Nano.LoadGen;

/// <summary>Where a run stands, reported about once a second while it runs (sent and done include the warm-up).</summary>
/// <param name="Phase">"warmup", "measure" or "drain".</param>
/// <param name="RequestsPerSecond">Answers (any outcome) per second since the last report.</param>
public sealed record LoadProgress(TimeSpan Elapsed, string Phase, long Sent, long Done, long Errors, long Shed, long Timeouts, long InFlight, double RequestsPerSecond);
