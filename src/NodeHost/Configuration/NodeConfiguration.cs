using Akka.Configuration;
using Microsoft.Extensions.Logging;
using System.Net;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Transports;
using Nano.NodeHost.Cli;
using Nano.NodeHost.Configuration.Internal;
using Nano.Runtime;

namespace Nano.NodeHost.Configuration;

/// <summary>
/// Everything a node is started with, layered once: hocon/ defaults &lt; command defaults (quieter logs for
/// one-shot commands) &lt; models.json &lt; NANO_ environment &lt; command line.
/// </summary>
public sealed record NodeConfiguration
{
    /// <summary>The merged HOCON (nano.* and akka.*), handed to the actor system.</summary>
    public required Config Config { get; init; }
    public required ModelsConfig Models { get; init; }
    public required PoolSettings Pool { get; init; }
    public required string NodeName { get; init; }
    public required LogLevel LogLevel { get; init; }
    public bool Debug { get; init; }
    /// <summary>The runtime forced on every model by the environment or command line, if any.</summary>
    public RuntimeKind? RuntimeOverride { get; init; }
    /// <summary>The gateway's limits (nano.gateway).</summary>
    public GatewaySettings Gateway { get; init; } = GatewaySettings.Default;
    /// <summary>What `run` serves (nano.gateway.transports / NANO_GATEWAY__TRANSPORTS / --transports).</summary>
    public IReadOnlyList<TransportEndpoint> Endpoints { get; init; } = [];
    /// <summary>Address of the network transports (nano.gateway.bind / --bind), loopback by default.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;
    /// <summary>Cluster mode (nano.cluster; off unless --seed-nodes, --cluster-port, --cluster-host or --roles say otherwise).</summary>
    public ClusterSettings Cluster { get; init; } = new();
    /// <summary>Board type reported to the cluster: nano.cluster.board, else the first model's board.</summary>
    public string Board { get; init; } = "unknown";
    /// <summary>Things worth a warning at start, such as NANO_ variables that name no setting.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Where models.json is looked for when no layer names one: next to the binary, the simulated example.</summary>
    public static string DefaultModelsPath => Path.Combine(AppContext.BaseDirectory, "config", "models.json");

    /// <exception cref="ModelsConfigException">models.json is missing or invalid (every error listed).</exception>
    /// <exception cref="NodeConfigurationException">an environment or command-line value is unusable.</exception>
    public static NodeConfiguration Build(NodeOverrides cli, IReadOnlyDictionary<string, string?> environment, Config? commandDefaults = null)
    {
        var defaults = NodeDefaults.Config;
        var notes = new List<string>();
        var above = Stack(cli.ToConfig(), EnvironmentOverrides.Read(environment, defaults, notes));
        // models.json cannot name itself or force a runtime, so those two are read from the layers around it first.
        var outer = Stack(above, commandDefaults ?? Config.Empty, defaults);
        var runtime = RuntimeOf(outer.GetString("nano.runtime", ""));
        var path = outer.GetString("nano.models-config", "") is { Length: > 0 } p ? p : DefaultModelsPath;
        var models = ModelsConfigLoader.Load(path, new ModelsConfigOptions
        {
            RuntimeOverride = runtime,
            EmulatorLibrary = EmulatorLocator.Find,
            SettingsDefaults = defaults,
        });

        var config = Stack(above, models.Settings, commandDefaults ?? Config.Empty, defaults);
        var debug = config.GetBoolean("nano.logging.debug", false);
        var level = LevelOf(config.GetString("nano.logging.level", "information"));
        return new NodeConfiguration
        {
            Config = config,
            Models = models,
            Pool = PoolSettings.FromConfig(config),
            NodeName = config.GetString("nano.node.name", "") is { Length: > 0 } name ? name : Environment.MachineName.ToLowerInvariant(),
            LogLevel = debug && level > LogLevel.Debug ? LogLevel.Debug : level,
            Debug = debug,
            RuntimeOverride = runtime,
            Notes = notes,
            Gateway = GatewayOf(config, environment.GetValueOrDefault(Nano.Gateway.Security.AuthSettings.EnvironmentVariable)),
            Endpoints = EndpointsOf(config),
            BindAddress = BindOf(config.GetString("nano.gateway.bind", "127.0.0.1")),
            Cluster = ClusterOf(config),
            Board = config.GetString("nano.cluster.board", "") is { Length: > 0 } board ? board
                : models.Models.FirstOrDefault()?.Runtime.Board ?? "unknown",
        };
    }

    private static ClusterSettings ClusterOf(Config config)
    {
        var settings = ClusterSettings.FromConfig(config);
        var unknown = settings.Roles.Where(r => r is not (NodeRoles.Npu or NodeRoles.Gateway)).ToArray();
        if (settings.Roles.Count == 0 || unknown.Length > 0)
            throw new NodeConfigurationException($"nano.cluster.roles (NANO_CLUSTER__ROLES / --roles): expected npu, gateway or both, got '{string.Join(",", settings.Roles)}'");
        if (settings.Port is < 0 or > 65535)
            throw new NodeConfigurationException($"nano.cluster.port (NANO_CLUSTER__PORT / --cluster-port): {settings.Port} is not a port");
        foreach (var seed in settings.SeedNodes)
        {
            if (!Akka.Actor.Address.TryParse(seed, out var address) || address.System != "nano" || address.Port is null or 0)
                throw new NodeConfigurationException(
                    $"nano.cluster.seed-nodes (NANO_CLUSTER__SEED_NODES / --seed-nodes): '{seed}' is not akka.tcp://nano@HOST:PORT");
        }
        return settings;
    }

    private static GatewaySettings GatewayOf(Config config, string? apiKeySecrets)
    {
        try
        {
            return GatewaySettings.FromConfig(config, apiKeySecrets);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new NodeConfigurationException(e.Message.Split(" (Parameter")[0]);
        }
        catch (FormatException e)
        {
            throw new NodeConfigurationException(e.Message);
        }
    }

    /// <summary>A HOCON list, or one comma-separated string (as the environment and the command line give it).</summary>
    private static IReadOnlyList<TransportEndpoint> EndpointsOf(Config config)
    {
        var value = config.GetValue("nano.gateway.transports");
        var items = value is null ? [] : value.IsArray() ? value.GetStringList() : [value.GetString()];
        try
        {
            return TransportEndpoint.ParseList(items);
        }
        catch (FormatException e)
        {
            throw new NodeConfigurationException($"nano.gateway.transports (NANO_GATEWAY__TRANSPORTS / --transports): {e.Message}");
        }
    }

    private static IPAddress BindOf(string address)
    {
        try
        {
            return TransportEndpoint.ParseAddress(address);
        }
        catch (FormatException e)
        {
            throw new NodeConfigurationException($"nano.gateway.bind (NANO_GATEWAY__BIND / --bind): {e.Message}");
        }
    }

    /// <summary>Highest layer first; empty layers are skipped.</summary>
    private static Config Stack(params Config[] layers) =>
        layers.Where(l => !l.IsEmpty).Aggregate(Config.Empty, (acc, layer) => acc.IsEmpty ? layer : acc.WithFallback(layer));

    private static RuntimeKind? RuntimeOf(string value) => value switch
    {
        "" => null,
        "sim" => RuntimeKind.Simulated,
        "emu" => RuntimeKind.Emulator,
        "native" => RuntimeKind.Native,
        _ => throw new NodeConfigurationException($"nano.runtime (NANO_RUNTIME / --runtime): '{value}' is not one of sim, emu, native"),
    };

    public static LogLevel LevelOf(string value) => value.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "information" or "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => throw new NodeConfigurationException(
            $"nano.logging.level (NANO_LOGGING__LEVEL / --log-level): '{value}' is not one of trace, debug, information, warning, error, critical, none"),
    };
}
