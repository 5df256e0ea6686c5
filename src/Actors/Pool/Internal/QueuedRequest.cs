using Nano.Actors.Handles;
using Nano.Actors.Protocol;

namespace Nano.Actors.Pool.Internal;

/// <summary>An accepted request waiting for a handle; the ticket already runs its timeout.</summary>
internal sealed record QueuedRequest(GenerateRequest Request, RunTicket Ticket)
{
    public string RequestId => Request.RequestId;
}

/// <summary>A request handed to a handle, until the handle reports <see cref="RunFinished"/>.</summary>
internal sealed record InFlightRun(QueuedRequest Item, HandleSlot Slot);
