using Akka.TestKit;
using Nano.Actors.Protocol;

namespace Nano.Cluster.Tests;

internal static class Probes
{
    /// <summary>Skips token chunks; returns the final answer (Completed, Failed or Rejected) of the next request.</summary>
    public static object ExpectFinal(this TestProbe probe, TimeSpan timeout) =>
        probe.FishForMessage<IWithRequestId>(m => m is not TokenChunk, timeout);

    /// <summary>The next final answer, which must be a <see cref="Completed"/> (its message says what came instead).</summary>
    public static Completed ExpectCompleted(this TestProbe probe, TimeSpan timeout)
    {
        var final = probe.ExpectFinal(timeout);
        return final as Completed ?? throw new Xunit.Sdk.XunitException($"expected Completed, got {final}");
    }
}
