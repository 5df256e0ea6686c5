namespace Nano.Clients.Tests.Scenario;

/// <summary>Every wait in the scenarios is bounded by one of these.</summary>
public static class Bounds
{
    /// <summary>Connecting, including the C# client's server/discover probe and a stdio node's start.</summary>
    public static readonly TimeSpan Connect = TimeSpan.FromSeconds(60);

    /// <summary>A short call: a few tokens of a simulated model plus its load.</summary>
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(30);

    /// <summary>The first progress notification of the long generation (load + time to first token).</summary>
    public static readonly TimeSpan FirstProgress = TimeSpan.FromSeconds(20);

    /// <summary>From cancelling to the call giving up: a client-side matter, should be immediate.</summary>
    public static readonly TimeSpan CancelAck = TimeSpan.FromSeconds(5);

    /// <summary>
    /// From cancelling to the model reported free again. An aborted run frees the handle within a token step;
    /// a run left going would hold it for the ~30 s its 500 tokens take (or the 30 s request timeout).
    /// </summary>
    public static readonly TimeSpan Freed = TimeSpan.FromSeconds(10);

    /// <summary>Twenty short calls on one connection, queued behind two instances of the fast model.</summary>
    public static readonly TimeSpan Concurrent = TimeSpan.FromSeconds(60);

    /// <summary>A whole TypeScript scenario script, node start and SDK import included.</summary>
    public static readonly TimeSpan Script = TimeSpan.FromSeconds(120);
}
