using Akka.Configuration;

namespace Nano.Gateway.Security;

/// <summary>
/// nano.gateway.limits: per-client request rate (token bucket: a sustained rate and a burst) and concurrency cap.
/// A client is its API key when auth is on, else its address. Off by default (see hocon/nano.gateway.conf).
/// </summary>
public sealed record LimitSettings
{
    public bool Enabled { get; init; }
    /// <summary>Sustained requests per second per client (the bucket's refill rate).</summary>
    public double RequestsPerSecond { get; init; } = 20;
    /// <summary>Requests a client may send at once after being quiet (the bucket's size).</summary>
    public int Burst { get; init; } = 40;
    /// <summary>Requests of one client running at once (generations, commands, status queries, HTTP API calls); 0: no cap.</summary>
    public int MaxConcurrent { get; init; } = 16;
    /// <summary>The retry hint of a refusal for the concurrency cap (a running request's end cannot be predicted).</summary>
    public TimeSpan ConcurrencyRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public static LimitSettings Default { get; } = new();

    public static LimitSettings FromConfig(Config gateway)
    {
        var settings = new LimitSettings
        {
            Enabled = gateway.GetBoolean("limits.enabled", false),
            RequestsPerSecond = gateway.GetDouble("limits.requests-per-second", 20),
            Burst = gateway.GetInt("limits.burst", 40),
            MaxConcurrent = gateway.GetInt("limits.max-concurrent", 16),
            ConcurrencyRetryAfter = gateway.GetTimeSpan("limits.concurrency-retry-after", TimeSpan.FromSeconds(1)),
        };
        if (settings.RequestsPerSecond is <= 0 or > 1_000_000)
            throw new ArgumentOutOfRangeException("nano.gateway.limits.requests-per-second", "nano.gateway.limits.requests-per-second must be between 0 (excluded) and 1000000");
        if (settings.Burst < 1)
            throw new ArgumentOutOfRangeException("nano.gateway.limits.burst", "nano.gateway.limits.burst must be at least 1");
        if (settings.MaxConcurrent < 0)
            throw new ArgumentOutOfRangeException("nano.gateway.limits.max-concurrent", "nano.gateway.limits.max-concurrent must be 0 (no cap) or more");
        return settings;
    }
}
