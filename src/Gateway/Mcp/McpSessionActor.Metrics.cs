using System.Diagnostics;
using Akka.Event;
using Nano.Actors.Diagnostics;
using Nano.Actors.Protocol;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Observability;
using Nano.Gateway.Observability.Internal;

namespace Nano.Gateway.Mcp;

// Request counters and the request's log line at the session: the RequestId property follows the run through
// the pool's and the handle's log lines (accepted, goes to handle, starts, answered).
public sealed partial class McpSessionActor
{
    private string? _transportName;

    private string TransportName => _transportName ??= TransportNames.Of(Self.Path);

    /// <summary>Counts a run's final answer (generate, embeddings) once, with the tool as the operation.</summary>
    private void CountRun(PendingCall call, NanoErrorCode? error)
    {
        var outcome = error is { } code ? NanoActorMetrics.Code(code) : NanoMetrics.Ok;
        var seconds = Stopwatch.GetElapsedTime(call.Started).TotalSeconds;
        NanoMetrics.RecordRequest(TransportName, call.Tool, outcome, Math.Round(seconds, 3));
        _log.Debug("Request {RequestId} of model {ModelId} ({Tool} over {Transport}) answered {Outcome} in {Seconds} s",
            call.RunId, call.ModelId, call.Tool, TransportName, outcome, Math.Round(seconds, 3));
    }
}
