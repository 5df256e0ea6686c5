namespace Nano.Simulation;

/// <summary>
/// What <see cref="Workload.RunAsync"/> sends. Closed loop by default (<see cref="Clients"/> clients, each sending
/// its next request when the previous one ended); open loop when <see cref="ArrivalRatePerSecond"/> is set. Times
/// and rates are SIMULATED (the cluster's time scale converts them to wall time), except where a member says wall.
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>Models to call; each request picks one uniformly.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Closed-loop concurrency: clients with one request in flight each (ignored in open loop).</summary>
    public int Clients { get; init; } = 8;

    /// <summary>Open loop: Poisson arrivals at this many requests per simulated second, however many are in flight.</summary>
    public double? ArrivalRatePerSecond { get; init; }

    /// <summary>Simulated time during which requests are sent (in-flight ones are then awaited).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop sending after this many requests. At least one of this and <see cref="Duration"/> must be set.</summary>
    public int? MaxRequests { get; init; }

    public IntRange PromptTokens { get; init; } = new(32, 256);
    public IntRange OutputTokens { get; init; } = new(32, 128);

    /// <summary>Seeds every random choice (lengths, models, sessions, arrivals): the same seed sends the same requests.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Share of requests (0..1) carrying a session id (the client's, in closed loop): session requests keep their
    /// history on the handle, so a long session grows its KV cache until the context is full.
    /// </summary>
    public double SessionFraction { get; init; }

    /// <summary>Wall time to wait for in-flight requests once sending stopped; unanswered ones are counted as such.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Receives counters every <see cref="ProgressInterval"/> (wall) while running.</summary>
    public IProgress<WorkloadProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (Models.Count == 0) throw new ArgumentException("at least one model is needed", nameof(Models));
        if (Duration is null && MaxRequests is null) throw new ArgumentException("set Duration, MaxRequests or both");
        if (Duration is { } d && d <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Duration), d, "must be positive");
        if (MaxRequests is < 1) throw new ArgumentOutOfRangeException(nameof(MaxRequests), MaxRequests, "must be at least 1");
        if (ArrivalRatePerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw new ArgumentOutOfRangeException(nameof(ArrivalRatePerSecond), rate, "must be a positive number");
        if (ArrivalRatePerSecond is null && Clients < 1) throw new ArgumentOutOfRangeException(nameof(Clients), Clients, "must be at least 1");
        if (SessionFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(SessionFraction), SessionFraction, "must be in 0..1");
    }
}
