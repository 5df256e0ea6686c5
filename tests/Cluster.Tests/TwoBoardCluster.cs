using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>Two simulated boards, each with a replica of one small model, shared by the workload specs.</summary>
public sealed class TwoBoardCluster : IAsyncLifetime
{
    public SimulatedCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new SimulationOptions { Models = [SimModels.Small(replicas: 2)], TimeScale = 0.05, ExtraHocon = SimulationOptions.FastFailureDetection, Loggers = FileLoggers.Create() };
        Cluster = await SimulatedCluster.StartAsync(options, [new SimBoardSpec("b1"), new SimBoardSpec("b2")]);
        await Workload.WaitUntilReadyAsync(Cluster, ["small"], TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
