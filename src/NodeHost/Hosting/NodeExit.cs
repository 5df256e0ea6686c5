using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nano.NodeHost.Hosting;

/// <summary>
/// Why a `run` host stopped on its own. A cluster member that the others downed (it was unreachable past the failure
/// detector and the split-brain resolver's stable-after: a crash they could not tell from a pause, a long GC, a
/// SIGSTOP, a cut cable) or that downed itself (keep-oldest: it found itself cut off from the oldest) can never rejoin
/// with the same actor system: Akka quarantines its old identity. Its actor system terminates through coordinated
/// shutdown and Akka.Hosting stops the host. The process then exits with <see cref="Downed"/>, not 0, so a supervisor
/// (systemd Restart=on-failure, docker restart policies) starts it again and it joins as a new member.
/// </summary>
public static class NodeExit
{
    /// <summary>Akka's own exit code for <see cref="CoordinatedShutdown.ClusterDowningReason"/>.</summary>
    public const int Downed = 3;

    /// <summary>The host stopped because this node was downed by the cluster.</summary>
    public static bool WasDowned(IHost host) =>
        host.Services.GetService<ActorSystem>() is { } system
        && CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason;
}
