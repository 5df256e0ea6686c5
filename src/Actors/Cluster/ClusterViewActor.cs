using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Nano.Actors.Cluster.Internal;

namespace Nano.Actors.Cluster;

/// <summary>
/// Keeps this node's <see cref="ClusterSnapshot"/>: membership and reachability from the cluster, board reports
/// and placements from pub-sub. Answers <see cref="GetClusterStatus"/> for the models of the node's current catalog.
/// Runs on every node.
/// </summary>
public sealed class ClusterViewActor : ReceiveActor
{
    private readonly ClusterViewState _state;
    private readonly ModelCatalogState _catalogs;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ClusterSnapshot _snapshot;

    public static Props Props(ClusterViewState state, ModelCatalogState catalogs) =>
        Akka.Actor.Props.Create(() => new ClusterViewActor(state, catalogs));

    public ClusterViewActor(ClusterViewState state, ModelCatalogState catalogs)
    {
        _state = state;
        _catalogs = catalogs;
        _snapshot = ClusterSnapshot.Empty with { SelfAddress = _cluster.SelfAddress.ToString() };
        _state.Set(_snapshot);

        Receive<ClusterEvent.MemberRemoved>(e => Removed(e.Member));
        Receive<ClusterEvent.IMemberEvent>(e => Upsert(e.Member, reachable: null));
        Receive<ClusterEvent.UnreachableMember>(e => Upsert(e.Member, reachable: false));
        Receive<ClusterEvent.ReachableMember>(e => Upsert(e.Member, reachable: true));
        Receive<BoardReport>(r => Update(_snapshot with { Reports = _snapshot.Reports.SetItem(r.Address, r) }));
        Receive<PlacementReport>(Placed);
        Receive<GetClusterStatus>(_ => Sender.Tell(ClusterStatusBuilder.Build(_snapshot, _catalogs.Current, _cluster.State.Leader?.ToString(), clustered: true)));
        // A removed model's placements are history; were it added again, its replicas start unplaced.
        Receive<ModelCatalogChanged>(c => Update(_snapshot with
        {
            Placements = _snapshot.Placements.RemoveRange(_snapshot.Placements.Keys.Where(e => c.Catalog.IsRemoved(ReplicaIds.ModelOf(e))).ToArray()),
        }));
        Receive<SubscribeAck>(_ => { });
    }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        mediator.Tell(new Subscribe(ClusterTopics.Boards, Self));
        mediator.Tell(new Subscribe(ClusterTopics.Placements, Self));
        Context.System.EventStream.Subscribe(Self, typeof(ModelCatalogChanged));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Upsert(Member member, bool? reachable)
    {
        var address = member.Address.ToString();
        var wasReachable = _snapshot.Members.TryGetValue(address, out var old) ? old.Reachable : true;
        var view = new MemberView(address, member.Status.ToString(), member.Roles.OrderBy(r => r, StringComparer.Ordinal).ToArray(),
            reachable ?? wasReachable);
        if (reachable is { } r && r != wasReachable)
            _log.Warning("cluster: {0} is {1}", address, r ? "reachable again" : "unreachable");
        Update(_snapshot with { Members = _snapshot.Members.SetItem(address, view) });
    }

    private void Removed(Member member)
    {
        var address = member.Address.ToString();
        var lost = _snapshot.Placements.Values.Where(p => p.Address == address).Select(p => p.EntityId).ToArray();
        if (lost.Length > 0) _log.Warning("cluster: {0} left; its replicas {1} will be placed again", address, string.Join(", ", lost));
        Update(_snapshot with
        {
            Members = _snapshot.Members.Remove(address),
            Reports = _snapshot.Reports.Remove(address),
            Placements = _snapshot.Placements.RemoveRange(lost),
        });
    }

    private void Placed(PlacementReport report)
    {
        // Reports come from whichever node hosts the coordinator; keep the newest per replica.
        if (_snapshot.Placements.TryGetValue(report.EntityId, out var old) && old.At > report.At) return;
        Update(_snapshot with { Placements = _snapshot.Placements.SetItem(report.EntityId, report) });
    }

    private void Update(ClusterSnapshot next)
    {
        _snapshot = next;
        _state.Set(next);
    }
}
