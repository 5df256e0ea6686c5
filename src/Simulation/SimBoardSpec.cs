using Nano.Actors.Cluster;

namespace Nano.Simulation;

/// <summary>One simulated board of a <see cref="SimulatedCluster"/>: its NPU type, capacity and cluster roles.</summary>
/// <param name="MemoryMb">NPU-usable memory it declares (and its simulated board has).</param>
public sealed record SimBoardSpec(string Name, string BoardType = "rk3588", long MemoryMb = 15360, int MaxHandles = 8)
{
    public IReadOnlyList<string> Roles { get; init; } = [NodeRoles.Npu, NodeRoles.Gateway];

    /// <summary>A gateway-only member: routes requests, hosts no model.</summary>
    public static SimBoardSpec GatewayOnly(string name) => new(name) { Roles = [NodeRoles.Gateway] };
}
