using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Nano.Actors.Cluster;
using Nano.Actors.Hosting;
using Nano.Runtime.Sim;

namespace Nano.Simulation;

/// <summary>One member of a <see cref="SimulatedCluster"/>: its own host and ActorSystem on a loopback port.</summary>
public sealed class SimNode : IAsyncDisposable
{
    private readonly IHost _host;
    private int _stopped;

    internal SimNode(SimBoardSpec spec, IHost host, SimulatedBoard board)
    {
        Spec = spec;
        _host = host;
        Board = board;
        System = (ActorSystem)host.Services.GetService(typeof(ActorSystem))!;
        var registry = (ActorRegistry)host.Services.GetService(typeof(ActorRegistry))!;
        Router = registry.Get<ClusterRouter>();
        Pool = spec.Roles.Contains(NodeRoles.Npu) ? registry.Get<NpuPool>() : null;
        Address = Akka.Cluster.Cluster.Get(System).SelfAddress;
    }

    public SimBoardSpec Spec { get; }
    public string Name => Spec.Name;
    public ActorSystem System { get; }
    /// <summary>The node's <see cref="ModelRouter"/>: send GenerateRequest here, as the gateway does.</summary>
    public IActorRef Router { get; }
    /// <summary>The node's pool (npu members only).</summary>
    public IActorRef? Pool { get; }
    public Address Address { get; }
    /// <summary>The simulated NPU and memory its models share.</summary>
    public SimulatedBoard Board { get; }
    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Graceful leave: hands its replicas off once their in-flight work drained, then stops.</summary>
    public async Task LeaveAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }

    /// <summary>
    /// Like kill -9: the system stops without leaving the cluster or handing anything off; the others notice
    /// through the failure detector and the split-brain resolver downs it.
    /// </summary>
    public async Task CrashAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        // run-by-actor-system-terminate is off on simulated nodes, so this skips the cluster leave.
        await System.Terminate().ConfigureAwait(false);
        _host.Dispose();
    }

    public ValueTask DisposeAsync() => new(LeaveAsync());
}
