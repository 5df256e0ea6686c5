using Akka.Configuration;
using Nano.Actors.Configuration;

namespace Nano.Actors.Cluster;

/// <summary>nano.cluster (hocon/nano.cluster.conf and its overrides), read once.</summary>
public sealed record ClusterSettings
{
    public bool Enabled { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 4053;
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [NodeRoles.Npu, NodeRoles.Gateway];
    public string Board { get; init; } = "";
    public TimeSpan PlacementTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public int FailoverAttempts { get; init; } = 3;
    public TimeSpan StoppedEntityGrace { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan EnsureInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan CatalogWriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Reads nano.cluster from <paramref name="config"/>, falling back to the embedded defaults.</summary>
    public static ClusterSettings FromConfig(Config config)
    {
        var c = config.WithFallback(NanoClusterConfig.Default).GetConfig("nano.cluster");
        return new ClusterSettings
        {
            Enabled = c.GetBoolean("enabled"),
            Host = c.GetString("host"),
            Port = c.GetInt("port"),
            SeedNodes = List(c, "seed-nodes"),
            Roles = List(c, "roles"),
            Board = c.GetString("board", ""),
            PlacementTimeout = c.GetTimeSpan("placement-timeout"),
            FailoverAttempts = c.GetInt("failover-attempts"),
            StoppedEntityGrace = c.GetTimeSpan("stopped-entity-grace"),
            DrainTimeout = c.GetTimeSpan("drain-timeout"),
            ReportInterval = c.GetTimeSpan("report-interval"),
            EnsureInterval = c.GetTimeSpan("ensure-interval"),
            CatalogWriteTimeout = c.GetTimeSpan("catalog-write-timeout"),
        };
    }

    /// <summary>A HOCON list, or one comma-separated string (as the environment and the command line give it).</summary>
    private static IReadOnlyList<string> List(Config c, string key)
    {
        var value = c.GetValue(key);
        var items = value is null || value.IsEmpty ? [] : value.IsArray() ? value.GetStringList() : [value.GetString()];
        return items.OfType<string>().SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
    }
}
