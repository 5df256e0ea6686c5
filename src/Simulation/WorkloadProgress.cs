namespace Nano.Simulation;

/// <summary>Counters of a running workload; <see cref="ElapsedSimulated"/> is simulated time since the first request.</summary>
public sealed record WorkloadProgress(TimeSpan ElapsedSimulated, int Sent, int Completed, int Failed, int Rejected, long CompletionTokens)
{
    public int InFlight => Sent - Completed - Failed - Rejected;
}
