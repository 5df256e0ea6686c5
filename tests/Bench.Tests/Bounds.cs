namespace Nano.Bench.Tests;

/// <summary>Every wait in these specs is bounded by one of these (no timing is asserted).</summary>
internal static class Bounds
{
    /// <summary>A server process printing its listening lines (JIT and Kestrel start on a loaded machine).</summary>
    public static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    /// <summary>One exchange: a handshake or a zero-latency call and its progress.</summary>
    public static readonly TimeSpan Exchange = TimeSpan.FromSeconds(30);
}
