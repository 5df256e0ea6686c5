using System.Diagnostics;
using System.Diagnostics.Metrics;
using Nano.Actors.Protocol;

namespace Nano.Actors.Diagnostics;

/// <summary>
/// The pool's and handles' measurements, through System.Diagnostics.Metrics so the actors stay free of any
/// exporter: the gateway's /metrics exports meter <see cref="MeterName"/> (prometheus-net's meter adapter).
/// Every final answer of a request is recorded once, where it wins its ticket (handle or pool). Tags: node, model,
/// and outcome (completed, or the error code in snake case) or code.
/// </summary>
public static class NanoActorMetrics
{
    public const string MeterName = "Nano.Actors";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "nano_queue_wait_seconds", "s", "Time from acceptance by the pool to the start of the run on a handle.");
    private static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram<double>(
        "nano_time_to_first_token_seconds", "s", "Time from acceptance by the pool to the first generated token.");
    private static readonly Histogram<double> Total = Meter.CreateHistogram<double>(
        "nano_generation_duration_seconds", "s", "Time from acceptance by the pool to the final answer, by outcome.");
    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "nano_tokens_generated_total", null, "Completion tokens generated.");
    private static readonly Histogram<double> TokensPerSecond = Meter.CreateHistogram<double>(
        "nano_tokens_per_second", null, "Generation speed of completed runs (completion tokens over the time after the first token).");
    private static readonly Counter<long> Shed = Meter.CreateCounter<long>(
        "nano_requests_shed_total", null, "Requests refused or dropped because a model's queue was full.");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "nano_errors_total", null, "Requests that ended in an error, by error code.");

    /// <summary>Records a request's final answer (call only when the caller won <c>RunTicket.TryFinish</c>, or for a refusal).</summary>
    /// <param name="acceptedAt">Stopwatch timestamp of acceptance; null for a refusal before the request was queued.</param>
    public static void RecordFinal(string node, string modelId, IWithRequestId final, long? acceptedAt)
    {
        var model = new KeyValuePair<string, object?>("model", modelId);
        var at = new KeyValuePair<string, object?>("node", node);
        switch (final)
        {
            case Completed completed:
                var total = acceptedAt is { } t ? Stopwatch.GetElapsedTime(t).TotalSeconds : 0;
                QueueWait.Record(completed.QueueWaitMs / 1000, at, model);
                if (completed.TimeToFirstTokenMs > 0)
                    TimeToFirstToken.Record(completed.TimeToFirstTokenMs / 1000, at, model);
                Total.Record(total, at, model, new("outcome", "completed"));
                var tokens = completed.Usage.CompletionTokens;
                Tokens.Add(tokens, at, model);
                var generating = total - completed.TimeToFirstTokenMs / 1000;
                if (tokens > 1 && generating > 0)
                    TokensPerSecond.Record(tokens / generating, at, model);
                break;
            case Failed failed:
                if (acceptedAt is { } started)
                    Total.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, at, model, new("outcome", Code(failed.Code)));
                Error(at, model, failed.Code);
                break;
            case Rejected rejected:
                if (rejected.Code == NanoErrorCode.QueueFull)
                    Shed.Add(1, at, model);
                Error(at, model, rejected.Code);
                break;
        }
    }

    /// <summary>Snake case, as the MCP and HTTP error names: QueueFull → queue_full.</summary>
    public static string Code(NanoErrorCode code) => code switch
    {
        NanoErrorCode.QueueFull => "queue_full",
        NanoErrorCode.ResourceExhausted => "resource_exhausted",
        NanoErrorCode.ModelNotFound => "model_not_found",
        NanoErrorCode.ModelFailed => "model_failed",
        NanoErrorCode.RuntimeFault => "runtime_fault",
        NanoErrorCode.BadRequest => "bad_request",
        NanoErrorCode.NodeLost => "node_lost",
        _ => code.ToString().ToLowerInvariant(),
    };

    private static void Error(KeyValuePair<string, object?> node, KeyValuePair<string, object?> model, NanoErrorCode code) =>
        Errors.Add(1, node, model, new("code", Code(code)));
}
