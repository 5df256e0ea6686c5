namespace Nano.Simulation.Internal;

/// <summary>One answered request; times are simulated milliseconds (wall divided by the time scale).</summary>
internal sealed record RequestOutcome(string Model, string Gateway, object Final, double LatencyMs, double? TimeToFirstTokenMs, double EndedAtMs);
