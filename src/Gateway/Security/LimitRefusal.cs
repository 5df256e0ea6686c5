namespace Nano.Gateway.Security;

/// <summary>Why a client's request was refused by its limits, and when to retry.</summary>
/// <param name="Reason">"rate_limit" (too many requests per second) or "concurrency" (too many running at once).</param>
public sealed record LimitRefusal(string Reason, TimeSpan RetryAfter)
{
    public long RetryAfterMs => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalMilliseconds));

    public string Message => Reason == "rate_limit"
        ? $"Too many requests: this client's rate limit is exhausted (nano.gateway.limits); retry in {RetryAfterMs} ms"
        : "Too many requests: this client already has its maximum of requests running (nano.gateway.limits.max-concurrent)";
}
