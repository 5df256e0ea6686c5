using System.Threading.RateLimiting;

namespace Nano.Gateway.Security;

/// <summary>
/// Per-client token bucket and concurrency cap over System.Threading.RateLimiting's partitioned limiters. A partition
/// per client id; the partitioned limiter replenishes every bucket on one timer and drops a client's limiters once
/// they have been idle (bucket full, nothing running) for about 10 s, so the table does not grow with every address seen.
/// </summary>
public sealed class ClientLimiter : IDisposable
{
    private readonly LimitSettings _settings;
    private readonly PartitionedRateLimiter<string>? _rate;
    private readonly PartitionedRateLimiter<string>? _slots;

    public ClientLimiter(LimitSettings settings)
    {
        _settings = settings;
        if (!settings.Enabled) return;
        // The shared timer ticks every 100 ms and adds one period's tokens per tick, so periods are 100 ms or longer.
        var period = TimeSpan.FromSeconds(Math.Max(0.1, 1 / settings.RequestsPerSecond));
        var tokens = Math.Max(1, (int)Math.Round(settings.RequestsPerSecond * period.TotalSeconds));
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _rate = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => bucket));
        if (settings.MaxConcurrent > 0)
        {
            var cap = new ConcurrencyLimiterOptions { PermitLimit = settings.MaxConcurrent, QueueLimit = 0 };
            _slots = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetConcurrencyLimiter(client, _ => cap));
        }
    }

    public static ClientLimiter Unlimited { get; } = new(LimitSettings.Default);

    public bool Enabled => _rate is not null;

    /// <summary>Takes one request from the client's bucket; a refusal says when the bucket has a token again.</summary>
    public LimitRefusal? TryRequest(string client)
    {
        if (_rate is null) return null;
        using var lease = _rate.AttemptAcquire(client);
        if (lease.IsAcquired) return null;
        var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1);
        return new LimitRefusal("rate_limit", after);
    }

    /// <summary>Takes one of the client's running slots until the returned lease is disposed; null with a refusal when none is free.</summary>
    public IDisposable? TrySlot(string client, out LimitRefusal? refusal)
    {
        refusal = null;
        if (_slots is null) return NoLease.Instance;
        var lease = _slots.AttemptAcquire(client);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        refusal = new LimitRefusal("concurrency", _settings.ConcurrencyRetryAfter);
        return null;
    }

    public void Dispose()
    {
        _rate?.Dispose();
        _slots?.Dispose();
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();
        public void Dispose() { }
    }
}
