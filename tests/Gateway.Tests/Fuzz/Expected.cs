namespace Nano.Gateway.Tests.Fuzz;

/// <summary>What the server owes one frame (one line, message or datagram), as the protocol rules decide it.</summary>
public abstract record Expected
{
    /// <summary>Exactly one response carrying this id ("null" for errors whose request id could not be read).</summary>
    public sealed record Answer(string IdKey) : Expected;

    /// <summary>No answer: a notification or a response from the client (the documented silent drops).</summary>
    public sealed record Silent : Expected;

    /// <summary>notifications/cancelled for this id: silent, and the request it names may never be answered.</summary>
    public sealed record Cancel(string IdKey) : Expected;

    /// <summary>A batch: one array of answers, or one error (id null) where the revision allows no batches; or nothing.</summary>
    public sealed record Batch(IReadOnlyList<string> RequestIds, IReadOnlyList<string> Cancels) : Expected;
}
