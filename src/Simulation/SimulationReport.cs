namespace Nano.Simulation;

/// <summary>Percentiles of simulated milliseconds over <see cref="Count"/> requests (nearest rank, exact).</summary>
public sealed record LatencyPercentiles(double P50, double P90, double P99, double Max, int Count);

/// <summary>One board of the run: the replicas placed on it at the end, and what it completed.</summary>
public sealed record BoardResult(string Node, string BoardType, IReadOnlyList<string> Replicas, int Completed, long CompletionTokens, double TokensPerSecond);

/// <summary>
/// What a <see cref="Workload"/> run measured. SIMULATED: the boards are simulated NPUs (no inference), and every
/// time and rate is simulated time (wall time divided by <see cref="TimeScale"/>).
/// </summary>
public sealed record SimulationReport
{
    public const string Disclaimer =
        "SIMULATED: simulated boards (no NPU, no inference; calibrated sim profiles); times and rates are simulated time";

    public bool Simulated => true;
    public string Notice => Disclaimer;
    /// <summary>Wall seconds per simulated second.</summary>
    public required double TimeScale { get; init; }
    public required int Boards { get; init; }
    public required IReadOnlyList<string> BoardTypes { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    /// <summary>"closed" (fixed clients) or "open" (arrival rate).</summary>
    public required string Loop { get; init; }
    public int? Clients { get; init; }
    public double? ArrivalRatePerSecond { get; init; }
    public required string PromptTokens { get; init; }
    public required string OutputTokens { get; init; }
    public required int Seed { get; init; }

    /// <summary>Simulated seconds from the first request sent to the last answer.</summary>
    public required double DurationSeconds { get; init; }
    public required double WallSeconds { get; init; }

    public required int Sent { get; init; }
    public required int Completed { get; init; }
    public required int Failed { get; init; }
    public required int Rejected { get; init; }
    /// <summary>Rejected with a RetryAfter: refused for load (queue full, no room), to be tried again later.</summary>
    public required int Shed { get; init; }
    /// <summary>Sent but not answered within the drain timeout (never expected: the cluster answers every request).</summary>
    public required int Unanswered { get; init; }
    public required IReadOnlyDictionary<string, int> FailedByCode { get; init; }
    public required IReadOnlyDictionary<string, int> RejectedByCode { get; init; }

    /// <summary>Sum of Completed.Usage.CompletionTokens.</summary>
    public required long CompletionTokens { get; init; }
    /// <summary>Completion tokens per simulated second over <see cref="DurationSeconds"/>, all boards together.</summary>
    public required double TokensPerSecond { get; init; }
    /// <summary>
    /// Completion tokens of the requests completed while requests were being sent, per simulated second of that
    /// window (<see cref="WorkloadOptions.Duration"/>): the steady rate, without the drain at the end when boards
    /// run out of work one by one. Null without a duration.
    /// </summary>
    public double? WindowTokensPerSecond { get; init; }
    /// <summary>From sending to the final answer, completed requests only.</summary>
    public LatencyPercentiles? LatencyMs { get; init; }
    /// <summary>From sending to the first token, completed requests only.</summary>
    public LatencyPercentiles? TimeToFirstTokenMs { get; init; }
    public required IReadOnlyList<BoardResult> PerBoard { get; init; }
}
