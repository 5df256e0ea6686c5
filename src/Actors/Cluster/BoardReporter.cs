using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Nano.Actors.Diagnostics;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// Publishes the node's declared capacity, its pool's state and its host load (CPU, RAM, NPU: a
/// <see cref="HostSample"/> taken with each report) every report-interval, so every node's view (and the allocation
/// strategy, and any node's /metrics) knows every board. Gateway-only members (no pool) report too, with no capacity,
/// so the status shows their names and load.
/// </summary>
public sealed class BoardReporter : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly string _address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
    private readonly TimeSpan _interval;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="pool">The node's pool, or null on a gateway-only member.</param>
    /// <param name="npuLoadFile">The RKNPU load report of this board (<see cref="HostSampler.DefaultNpuLoadFile"/>).</param>
    public static Props Props(IActorRef? pool, string node, string board, IReadOnlyList<string> roles, long memoryMb, int maxHandles,
        TimeSpan interval, string npuLoadFile = HostSampler.DefaultNpuLoadFile) =>
        // Roles as a plain array: the JSON wire format cannot rebuild compiler-made collection types.
        Akka.Actor.Props.Create(() => new BoardReporter(pool, node, board, roles.ToArray(), memoryMb, maxHandles, interval, npuLoadFile));

    public BoardReporter(IActorRef? pool, string node, string board, IReadOnlyList<string> roles, long memoryMb, int maxHandles,
        TimeSpan interval, string npuLoadFile)
    {
        _interval = interval;
        Receive<Tick>(_ =>
        {
            if (pool is null) Self.Tell(new PoolSnapshot(node, Array.Empty<ModelStatus>(), 0, 0, 0, 0));
            else pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, interval * 2).PipeTo(Self, failure: e => new Akka.Actor.Status.Failure(e));
        });
        Receive<PoolSnapshot>(s => _mediator.Tell(new Publish(ClusterTopics.Boards,
            new BoardReport(_address, node, board, roles, memoryMb, maxHandles, s, DateTimeOffset.UtcNow, HostSampler.Sample(npuLoadFile)))));
        // A slow pool skips one report; the next tick tries again.
        Receive<Akka.Actor.Status.Failure>(_ => { });
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("report", Tick.Instance, TimeSpan.Zero, _interval);
}
