using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Gateway.StatusPage;

/// <summary>
/// One finished generation as the gateway saw it, published on the actor system's event stream for the status
/// page's activity tracker. Gateway-side, so it covers standalone and cluster mode alike.
/// </summary>
/// <param name="LatencyMs">Acceptance to final answer: queue wait plus prefill plus generation (0 when the runtime gave no timings).</param>
/// <param name="Error">Set for failed and rejected answers.</param>
public sealed record GenerationObserved(GenerationOutcome Outcome, string ModelId, string? Node, bool Simulated, int CompletionTokens,
    double LatencyMs, double TimeToFirstTokenMs, NanoErrorCode? Error, string? Message, DateTimeOffset At)
{
    /// <summary>Publishes a final answer (Completed, Failed or Rejected) for <paramref name="modelId"/>; anything else is ignored.</summary>
    public static void Publish(ActorSystem system, string modelId, object final)
    {
        if (From(modelId, final, DateTimeOffset.UtcNow) is { } observed) system.EventStream.Publish(observed);
    }

    public static GenerationObserved? From(string modelId, object final, DateTimeOffset at) => final switch
    {
        Completed c => new GenerationObserved(GenerationOutcome.Completed, c.Origin.ModelId, c.Origin.Node, c.Origin.Simulated, c.Usage.CompletionTokens,
            c.QueueWaitMs + (c.Perf is { } p ? p.PrefillTimeMs + p.GenerateTimeMs : 0), c.TimeToFirstTokenMs, null, null, at),
        Failed f => new GenerationObserved(GenerationOutcome.Failed, modelId, null, false, 0, 0, 0, f.Code, f.Message, at),
        Rejected r => new GenerationObserved(GenerationOutcome.Rejected, modelId, null, false, 0, 0, 0, r.Code, r.Reason, at),
        _ => null,
    };
}

public enum GenerationOutcome
{
    Completed,
    Failed,
    /// <summary>Refused before it ran (shed, unknown model, no room).</summary>
    Rejected,
}
