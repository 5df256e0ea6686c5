using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nano.Actors.Configuration;

namespace Nano.Simulation;

/// <summary>How a <see cref="SimulatedCluster"/> is built.</summary>
public sealed record SimulationOptions
{
    /// <summary>The models every board knows (simulated runtime; sim:// profiles).</summary>
    public required IReadOnlyList<ModelDefinition> Models { get; init; }

    /// <summary>Wall milliseconds per simulated millisecond on every board (below 1 runs faster than real time).</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Pool limits of every board (the board spec's memory and handles override the budget and handle count).</summary>
    public PoolSettings Pool { get; init; } = new();

    /// <summary>
    /// HOCON over the cluster defaults of every node, e.g. a faster failure detector for tests
    /// (<see cref="FastFailureDetection"/>).
    /// </summary>
    public string ExtraHocon { get; init; } = "";

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Akka's own log level on every node (its logs go to <see cref="Loggers"/>).</summary>
    public Akka.Event.LogLevel AkkaLogLevel { get; init; } = Akka.Event.LogLevel.WarningLevel;

    /// <summary>Failure detection and downing in about 3-4 s instead of about 6-8 s: for tests that kill boards.</summary>
    public const string FastFailureDetection = """
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s
        akka.cluster.split-brain-resolver.stable-after = 1500ms
        nano.cluster.ensure-interval = 500ms
        nano.cluster.report-interval = 500ms
        """;
}
