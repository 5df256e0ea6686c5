namespace Nano.Actors.Configuration;

/// <summary>
/// The node's limits for process-isolated handles (nano.pool.isolation); a model's hang_timeout_ms and rss_limit_mb
/// (RuntimeSpec.HangTimeout / RssLimitMb) override them. The runtime factory turns them into IsolationOptions.
/// </summary>
public sealed record IsolationSettings
{
    /// <summary>No callback during a run for this long: the child is hung and killed.</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Resident memory limit of a child in MB; 0 = none.</summary>
    public long RssLimitMb { get; init; }
    public TimeSpan RssPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
