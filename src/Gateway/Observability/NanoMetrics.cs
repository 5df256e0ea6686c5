using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nano.Gateway.Observability;

/// <summary>
/// Request counters of the transports and HTTP APIs (MCP tools, OpenAI, Ollama, admin), through
/// System.Diagnostics.Metrics; <see cref="MetricsApi"/> exports them at /metrics as
/// <c>nano_requests_total{transport,operation,outcome}</c> and <c>nano_request_duration_seconds{transport,operation,outcome}</c>.
/// Thread-safe; call once per request when its answer is decided.
/// </summary>
public static class NanoMetrics
{
    public const string MeterName = "Nano.Gateway";

    /// <summary>The outcome of a request answered normally; otherwise pass the error code (snake case, e.g. "queue_full").</summary>
    public const string Ok = "ok";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "nano_requests_total", null, "Requests answered, by transport, operation and outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "nano_request_duration_seconds", "s", "Time from a request's arrival at the gateway to its final answer.");

    /// <param name="transport">tcp, udp, stdio, http, ws (MCP) or the API: openai, ollama, admin.</param>
    /// <param name="operation">The tool or endpoint: generate, embeddings, chat_completions, ...</param>
    /// <param name="outcome"><see cref="Ok"/> or an error code in snake case (queue_full, timeout, model_not_found, cancelled, ...).</param>
    /// <param name="seconds">Time from arrival to the final answer.</param>
    public static void RecordRequest(string transport, string operation, string outcome, double seconds)
    {
        var tags = new TagList { { "transport", transport }, { "operation", operation }, { "outcome", outcome } };
        Requests.Add(1, tags);
        Duration.Record(seconds, tags);
    }
}
