namespace Nano.LoadGen;

/// <summary>
/// What a run measured, for the measured requests only (those scheduled after the warm-up). Latencies are in
/// microseconds: from the scheduled send time in open loop (so a late send still counts against the server: no
/// coordinated omission), from the send in closed loop. Elapsed is from the start of measuring to the last answer.
/// </summary>
public sealed record LoadReport
{
    public required string Transport { get; init; }
    public required string Target { get; init; }
    public required string Model { get; init; }
    /// <summary>"closed" or "open".</summary>
    public required string Mode { get; init; }
    public int Clients { get; init; }
    public double? Rate { get; init; }
    public int MaxTokens { get; init; }
    public bool Stream { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public double ElapsedSeconds { get; init; }
    public required LoadCounts Counts { get; init; }
    public double RequestsPerSecond { get; init; }
    /// <summary>Completion tokens of the successful requests, as their answers' usage reports them.</summary>
    public long Tokens { get; init; }
    public double TokensPerSecond { get; init; }
    /// <summary>Streamed token events received (progress notifications or SSE content chunks).</summary>
    public long StreamEvents { get; init; }
    public required LatencySummary LatencyUs { get; init; }
    /// <summary>Time to the first streamed event; streaming only.</summary>
    public LatencySummary? TtftUs { get; init; }
    /// <summary>Time between consecutive streamed events of a request; streaming only.</summary>
    public LatencySummary? InterTokenUs { get; init; }
    /// <summary>Open loop: how late requests left against their schedule (the generator's own lag or the outstanding bound).</summary>
    public LatencySummary? SendLagUs { get; init; }
    /// <summary>Failed requests by code: "jsonrpc -32602", "tool -31004 TIMEOUT", "http 500", "io".</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    /// <summary>Requests refused for lack of capacity, by code: QUEUE_FULL, RESOURCE_EXHAUSTED, TOO_MANY_REQUESTS, HTTP 429/503.</summary>
    public required IReadOnlyDictionary<string, long> Shed { get; init; }
    /// <summary>Shed answers that said when to retry (retry_after_ms or Retry-After).</summary>
    public long RetryAfterSeen { get; init; }
    /// <summary>Requests sent during the warm-up (not in any other number).</summary>
    public long WarmupRequests { get; init; }
    /// <summary>Messages for requests no longer waiting (answered after their timeout, or UDP duplicates).</summary>
    public long LateMessages { get; init; }
    /// <summary>UDP: requests sent again after a silence (nano answers a retried id once).</summary>
    public long Retransmits { get; init; }
    public int ConnectionsLost { get; init; }
    /// <summary>
    /// CPU the load generator's own process used over the whole run (warm-up and drain included), in cores: the
    /// generator shares the machine with the node, so this is what the node did not get.
    /// </summary>
    public double GeneratorCpuCores { get; init; }
    /// <summary>Bytes the load generator's process allocated over the whole run (what its own GC has to collect).</summary>
    public long GeneratorAllocatedBytes { get; init; }
}

/// <summary>Measured requests by how they ended: Sent = Ok + Errors + Shed + Timeouts + Abandoned.</summary>
public sealed record LoadCounts(long Sent, long Ok, long Errors, long Shed, long Timeouts, long Abandoned)
{
    /// <summary>Whether every request sent is accounted for.</summary>
    public bool AddsUp => Sent == Ok + Errors + Shed + Timeouts + Abandoned;
}

/// <summary>A latency distribution in microseconds (HdrHistogram, 3 significant digits).</summary>
public sealed record LatencySummary(long Count, long P50, long P90, long P99, long P99_9, long Max, double Mean);
