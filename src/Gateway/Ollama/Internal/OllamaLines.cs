using Nano.Actors.Protocol;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// The objects /api/chat and /api/generate answer with. Durations are nanoseconds: total_duration is measured by
/// the gateway; prompt_eval/eval durations come from the runtime's perf stats and are simulated when the model
/// is (then <c>nano.simulated</c> is true). load_duration is 0: the pool loads handles ahead of and apart from runs.
/// </summary>
internal sealed class OllamaLines(OllamaRun run)
{
    private readonly bool _simulatedModel = OllamaModelInfo.IsSimulated(run.Definition);

    public JObject Chunk(string text)
    {
        var line = Start(text);
        line["done"] = false;
        if (_simulatedModel) line["nano"] = new JObject { ["simulated"] = true };
        return line;
    }

    public JObject Done(string text, Completed done, TimeSpan elapsed)
    {
        var line = Start(run.Stream ? "" : text);
        line["done"] = true;
        line["done_reason"] = done.Reason == FinishReason.Length ? "length" : "stop";
        var perf = done.Perf;
        var evalMs = perf?.GenerateTimeMs ?? Math.Max(0, elapsed.TotalMilliseconds - done.TimeToFirstTokenMs);
        line["total_duration"] = Nanos(elapsed.TotalMilliseconds);
        line["load_duration"] = 0;
        line["prompt_eval_count"] = done.Usage.PromptTokens;
        line["prompt_eval_duration"] = Nanos(perf?.PrefillTimeMs ?? done.TimeToFirstTokenMs - done.QueueWaitMs);
        line["eval_count"] = done.Usage.CompletionTokens;
        line["eval_duration"] = Nanos(evalMs);
        line["nano"] = new JObject
        {
            ["simulated"] = done.Origin.Simulated,
            ["runtime"] = done.Origin.Runtime,
            ["node"] = done.Origin.Node,
            ["request_id"] = done.RequestId,
            ["queue_wait_ms"] = Math.Round(done.QueueWaitMs, 3),
            ["ttft_ms"] = Math.Round(done.TimeToFirstTokenMs, 3),
        };
        return line;
    }

    /// <summary>The end after a stop sequence: the run was cancelled, so counts are what the gateway saw.</summary>
    public JObject StoppedEarly(string text, int chunks, TimeSpan elapsed, string requestId)
    {
        var line = Start(run.Stream ? "" : text);
        line["done"] = true;
        line["done_reason"] = "stop";
        line["total_duration"] = Nanos(elapsed.TotalMilliseconds);
        line["load_duration"] = 0;
        line["eval_count"] = chunks;
        line["nano"] = new JObject { ["simulated"] = _simulatedModel, ["request_id"] = requestId, ["stopped_by"] = "stop sequence" };
        return line;
    }

    private JObject Start(string text)
    {
        var line = new JObject { ["model"] = run.Model, ["created_at"] = OllamaJson.Time(DateTimeOffset.UtcNow) };
        if (run.Chat) line["message"] = new JObject { ["role"] = "assistant", ["content"] = text };
        else line["response"] = text;
        return line;
    }

    private static long Nanos(double ms) => double.IsFinite(ms) && ms > 0 ? (long)(ms * 1_000_000) : 0;
}
