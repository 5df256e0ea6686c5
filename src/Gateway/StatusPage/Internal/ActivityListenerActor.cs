using Akka.Actor;

namespace Nano.Gateway.StatusPage.Internal;

/// <summary>Feeds the tracker from the event stream, where the gateway's request paths publish <see cref="GenerationObserved"/>.</summary>
internal sealed class ActivityListenerActor : ReceiveActor
{
    public ActivityListenerActor(ActivityTracker tracker)
    {
        Receive<GenerationObserved>(tracker.Record);
    }

    public static Props Props(ActivityTracker tracker) => Akka.Actor.Props.Create(() => new ActivityListenerActor(tracker));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(GenerationObserved));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
