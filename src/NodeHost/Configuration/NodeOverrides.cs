using System.Text;
using Akka.Configuration;
using Newtonsoft.Json;

namespace Nano.NodeHost.Configuration;

/// <summary>The command line's layer: only the flags actually given, as HOCON over everything else.</summary>
public sealed record NodeOverrides(string? ConfigPath = null, string? Runtime = null, string? LogLevel = null, bool Debug = false)
{
    /// <summary>--transports: "tcp:8080,udp:0,stdio" (nano.gateway.transports).</summary>
    public string? Transports { get; init; }

    /// <summary>--bind: the network transports' address (nano.gateway.bind).</summary>
    public string? Bind { get; init; }

    /// <summary>--node-name (nano.node.name).</summary>
    public string? NodeName { get; init; }

    /// <summary>Cluster flags (nano.cluster.*); any of host, port, seeds or roles turns cluster mode on.</summary>
    public string? ClusterHost { get; init; }
    public int? ClusterPort { get; init; }
    public string? SeedNodes { get; init; }
    public string? Roles { get; init; }
    public string? Board { get; init; }

    /// <summary>--board-memory-mb and --max-handles: the board's capacity (nano.pool.memory-budget-mb / max-handles).</summary>
    public long? BoardMemoryMb { get; init; }
    public int? MaxHandles { get; init; }

    public static NodeOverrides None { get; } = new();

    public Config ToConfig()
    {
        var hocon = new StringBuilder();
        if (ConfigPath is not null) hocon.AppendLine($"nano.models-config = {JsonConvert.ToString(Path.GetFullPath(ConfigPath))}");
        if (Runtime is not null) hocon.AppendLine($"nano.runtime = {JsonConvert.ToString(Runtime)}");
        if (LogLevel is not null) hocon.AppendLine($"nano.logging.level = {JsonConvert.ToString(LogLevel)}");
        if (Debug) hocon.AppendLine("nano.logging.debug = on");
        if (Transports is not null) hocon.AppendLine($"nano.gateway.transports = {JsonConvert.ToString(Transports)}");
        if (Bind is not null) hocon.AppendLine($"nano.gateway.bind = {JsonConvert.ToString(Bind)}");
        if (NodeName is not null) hocon.AppendLine($"nano.node.name = {JsonConvert.ToString(NodeName)}");
        if (ClusterHost is not null) hocon.AppendLine($"nano.cluster.host = {JsonConvert.ToString(ClusterHost)}");
        if (ClusterPort is { } port) hocon.AppendLine($"nano.cluster.port = {port}");
        if (SeedNodes is not null) hocon.AppendLine($"nano.cluster.seed-nodes = {JsonConvert.ToString(SeedNodes)}");
        if (Roles is not null) hocon.AppendLine($"nano.cluster.roles = {JsonConvert.ToString(Roles)}");
        if (Board is not null) hocon.AppendLine($"nano.cluster.board = {JsonConvert.ToString(Board)}");
        if (ClusterHost is not null || ClusterPort is not null || SeedNodes is not null || Roles is not null)
            hocon.AppendLine("nano.cluster.enabled = on");
        if (BoardMemoryMb is { } memory) hocon.AppendLine($"nano.pool.memory-budget-mb = {memory}");
        if (MaxHandles is { } handles) hocon.AppendLine($"nano.pool.max-handles = {handles}");
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }
}
