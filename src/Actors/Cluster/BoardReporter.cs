using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>
/// Publishes the node's declared capacity and its pool's state every report-interval, so every node's view (and
/// the allocation strategy) knows where room is. Gateway-only members (no pool) report too, with no capacity, so
/// the status shows their names.
/// </summary>
public sealed class BoardReporter : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly string _address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="pool">The node's pool, or null on a gateway-only member.</param>
    public static Props Props(IActorRef? pool, string node, string board, IReadOnlyList<string> roles, long memoryMb, int maxHandles, TimeSpan interval) =>
        // Roles as a plain array: the JSON wire format cannot rebuild compiler-made collection types.
        Akka.Actor.Props.Create(() => new BoardReporter(pool, node, board, roles.ToArray(), memoryMb, maxHandles, interval));

    public BoardReporter(IActorRef? pool, string node, string board, IReadOnlyList<string> roles, long memoryMb, int maxHandles, TimeSpan interval)
    {
        Receive<Tick>(_ =>
        {
            if (pool is null) Self.Tell(new PoolSnapshot(node, Array.Empty<ModelStatus>(), 0, 0, 0, 0));
            else pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, interval * 2).PipeTo(Self, failure: e => new Akka.Actor.Status.Failure(e));
        });
        Receive<PoolSnapshot>(s => _mediator.Tell(new Publish(ClusterTopics.Boards,
            new BoardReport(_address, node, board, roles, memoryMb, maxHandles, s, DateTimeOffset.UtcNow))));
        // A slow pool skips one report; the next tick tries again.
        Receive<Akka.Actor.Status.Failure>(_ => { });
        _interval = interval;
    }

    private readonly TimeSpan _interval;

    protected override void PreStart() => Timers.StartPeriodicTimer("report", Tick.Instance, TimeSpan.Zero, _interval);
}
