using Akka.Configuration;

namespace Nano.Actors.Configuration;

/// <summary>Limits and timeouts of one node's pool, read once from HOCON (nano.pool) and overrides.</summary>
public sealed record PoolSettings
{
    public int MaxHandles { get; init; } = 8;
    /// <summary>NPU-usable memory of this board in MB.</summary>
    public long MemoryBudgetMb { get; init; } = 16384;
    /// <summary>NPU memory domains are about 4 GB each; concurrent large models each get their own base_domain_id.</summary>
    public long DomainSizeMb { get; init; } = 4096;
    public int QueueCapacityPerModel { get; init; } = 64;
    public TimeSpan IdleUnloadAfter { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>After a running request's timeout or cancel, how long its handle gets to answer before the pool does.</summary>
    public TimeSpan AbortGrace { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan RestartBackoffMin { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RestartBackoffMax { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>After this many handle faults within <see cref="FailureWindow"/> the model is marked failed.</summary>
    public int MaxFailures { get; init; } = 3;
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Scale up another instance when a request has waited this long in the model's queue.</summary>
    public TimeSpan ScaleUpAfterWait { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>Pinned dispatcher used by handle actors (defined in hocon/nano.actors.conf).</summary>
    public string HandleDispatcher { get; init; } = "nano.handle-dispatcher";
    /// <summary>The RKNPU driver's load report, sampled into the board's status and metrics (absent: NPU load unavailable).</summary>
    public string NpuLoadFile { get; init; } = Diagnostics.HostSampler.DefaultNpuLoadFile;
    /// <summary>Watchdog and memory limit of process-isolated handles (nano.pool.isolation).</summary>
    public IsolationSettings Isolation { get; init; } = new();

    /// <summary>
    /// Reads <c>nano.pool</c> from <paramref name="config"/>, falling back to the embedded defaults
    /// (<see cref="NanoActorsConfig.Default"/>) for every key it does not set.
    /// </summary>
    public static PoolSettings FromConfig(Config config)
    {
        var defaults = NanoActorsConfig.Default;
        var pool = (ReferenceEquals(config, defaults) ? defaults : config.WithFallback(defaults)).GetConfig("nano.pool");
        return new PoolSettings
        {
            MaxHandles = pool.GetInt("max-handles"),
            MemoryBudgetMb = pool.GetLong("memory-budget-mb"),
            DomainSizeMb = pool.GetLong("domain-size-mb"),
            QueueCapacityPerModel = pool.GetInt("queue-capacity-per-model"),
            IdleUnloadAfter = pool.GetTimeSpan("idle-unload-after"),
            RequestTimeout = pool.GetTimeSpan("request-timeout"),
            AbortGrace = pool.GetTimeSpan("abort-grace"),
            RestartBackoffMin = pool.GetTimeSpan("restart-backoff-min"),
            RestartBackoffMax = pool.GetTimeSpan("restart-backoff-max"),
            MaxFailures = pool.GetInt("max-failures"),
            FailureWindow = pool.GetTimeSpan("failure-window"),
            ScaleUpAfterWait = pool.GetTimeSpan("scale-up-after-wait"),
            HandleDispatcher = pool.GetString("handle-dispatcher"),
            NpuLoadFile = pool.GetString("npu-load-file"),
            Isolation = new IsolationSettings
            {
                HangTimeout = pool.GetTimeSpan("isolation.hang-timeout"),
                RssLimitMb = pool.GetLong("isolation.rss-limit-mb"),
                RssPollInterval = pool.GetTimeSpan("isolation.rss-poll-interval"),
            },
        };
    }
}
