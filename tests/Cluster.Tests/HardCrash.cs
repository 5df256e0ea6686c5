using Akka.Remote;
using Akka.Remote.Transport;
using Nano.Simulation;

namespace Nano.Cluster.Tests;

/// <summary>
/// A crash that says nothing, like kill -9 or a power cut. <see cref="SimNode.CrashAsync"/> terminates the node's
/// actor system, which still lets a run in progress finish and the pool answer its queue on the way down; cutting the
/// node off the network first (the throttler transport adapter's blackhole) makes sure no last word gets out.
/// </summary>
internal static class HardCrash
{
    /// <summary>HOCON every node of a cluster needs so that <see cref="CrashAsync"/> can cut one off.</summary>
    public const string Hocon = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]";

    public static async Task CrashAsync(this SimulatedCluster cluster, SimNode victim)
    {
        var transport = ((IRemoteActorRefProvider)((Akka.Actor.ExtendedActorSystem)victim.System).Provider).Transport;
        foreach (var other in cluster.LiveNodes.Where(n => n != victim))
        {
            if (!await transport.ManagementCommand(new SetThrottle(other.Address, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)))
                throw new InvalidOperationException($"could not cut {victim.Name} off from {other.Name}");
        }
        await victim.CrashAsync();
    }
}
