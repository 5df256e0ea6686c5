using Akka.Actor;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Transports.Internal;

/// <summary>
/// The transport as its session sees it: frames (<see cref="OutboundMessage"/>) go straight into the pump's write
/// queue on the session's thread, everything else to the transport actor. That saves each frame a trip through
/// the transport actor's mailbox (a thread-pool dispatch) on the way to the socket. The session stays the pump's
/// only writer. A frame the pump refuses (the client reads too slowly) is reported once as <see cref="FramesRefused"/>.
/// </summary>
internal sealed class PumpFramesRef : MinimalActorRef
{
    private readonly IActorRef _owner;
    private int _refused;

    public PumpFramesRef(IActorRef owner, IActorRefProvider provider)
    {
        _owner = owner;
        Provider = provider;
        Path = owner.Path / "frames";
    }

    /// <summary>Set by the owner right after creating the pump, before the pump starts.</summary>
    public LineStreamPump? Pump { get; set; }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is not OutboundMessage frame || Pump is not { } pump)
        {
            _owner.Tell(message, sender);
            return;
        }
        if (!pump.Enqueue(frame.Payload) && Interlocked.Exchange(ref _refused, 1) == 0)
            _owner.Tell(FramesRefused.Instance, sender);
    }
}

/// <summary>Pump → owner: a frame was refused (too much unsent, or the pump is finished); sent once.</summary>
internal sealed record FramesRefused
{
    public static readonly FramesRefused Instance = new();
}
