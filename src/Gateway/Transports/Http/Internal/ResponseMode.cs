namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>How a request's answer may be written.</summary>
/// <param name="Accept">What the client takes: JSON for a lone answer, SSE when notifications come first.</param>
/// <param name="Modern">2026-07-28: some JSON-RPC errors set the HTTP status (404 unknown method, 400 header/version errors).</param>
/// <param name="Priming">2025-11-25 and later: an SSE stream starts with an event carrying only an id, to resume from.</param>
/// <param name="Batch">2025-03-26 batches: JSON answers them with one array, SSE with one event per answer.</param>
/// <param name="Prefix">Errors for invalid batch items, answered by the transport itself before the session's answers.</param>
internal sealed record ResponseMode(AcceptHeader Accept, bool Modern, bool Priming, bool Batch = false, IReadOnlyList<byte[]>? Prefix = null);

/// <summary>How a response stream ended: Delivered when its final message was written; Resumable when the client
/// had an event id to resume from (legacy SSE).</summary>
internal readonly record struct WriteOutcome(bool Delivered, bool Resumable);
