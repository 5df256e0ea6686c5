using Nano.Actors.Protocol;
using Nano.Gateway.Mcp.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>
/// CallToolResult bodies. From 2025-06-18 on, structured results go in structuredContent (matching the tool's
/// outputSchema); older revisions have no such field, so the same JSON follows the summary as a second text block.
/// </summary>
internal static class ToolResults
{
    public static JObject Structured(string summary, JObject structured, McpEra era, bool isError = false)
    {
        var content = new JArray(Text(summary));
        var result = new JObject { ["content"] = content };
        if (era.HasStructuredContent) result["structuredContent"] = structured;
        else content.Add(Text(structured.ToString(Formatting.None)));
        result["isError"] = isError;
        return result;
    }

    /// <summary>
    /// A completed generate's result as a tree: the reference shape. The session writes the same bytes with
    /// GenerateResultWriter, without the tree; tests and the codec benchmark compare the two.
    /// </summary>
    public static JObject Generated(PendingCall call, Completed done)
    {
        var text = call.Text.ToString();
        var structured = new JObject
        {
            ["text"] = text,
            ["model"] = done.Origin.ModelId,
            ["request_id"] = done.RequestId,
            ["finish_reason"] = done.Reason == FinishReason.Length ? "length" : "stop",
        };
        AddOrigin(structured, done);
        structured["timings"] = Timings(done);
        return Structured(text, structured, call.Era);
    }

    public static JObject Embedded(PendingCall call, Completed done)
    {
        var width = done.VectorWidth;
        if (done.Vectors is not { Length: > 0 } vectors || width <= 0 || vectors.Length % width != 0)
            return Error(call.Era, JsonRpc.JsonRpcErrorCodes.RuntimeFault, $"the runtime returned no hidden layer for model '{done.Origin.ModelId}'",
                done.Origin.ModelId, done.RequestId);
        var rows = vectors.Length / width;
        var pooling = call.Generate?.Pooling ?? "last";
        var embedding = new float[width];
        if (pooling == "mean")
        {
            for (var r = 0; r < rows; r++)
                for (var i = 0; i < width; i++) embedding[i] += vectors[r * width + i] / rows;
        }
        else Array.Copy(vectors, (rows - 1) * width, embedding, 0, width);

        var structured = new JObject
        {
            ["model"] = done.Origin.ModelId,
            ["request_id"] = done.RequestId,
            ["embedding"] = new JArray(embedding.Select(v => float.IsFinite(v) ? v : 0f)),
            ["dimensions"] = width,
            ["tokens"] = rows,
            ["pooling"] = pooling,
        };
        AddOrigin(structured, done);
        var summary = $"{width}-dimensional embedding ({pooling} of {rows} token rows) from model '{done.Origin.ModelId}'" +
                      (done.Origin.Simulated ? " (SIMULATED)" : "");
        return Structured(summary, structured, call.Era);
    }

    public static JObject Command(CommandResult result, McpEra era)
    {
        if (!result.Ok)
            return Error(era, ErrorMapping.Code(result.Code ?? NanoErrorCode.BadRequest), result.Message, result.ModelId);
        var structured = new JObject { ["model"] = result.ModelId, ["ok"] = true, ["message"] = result.Message };
        if (result.Values is { } values) structured["values"] = JObject.FromObject(values);
        return Structured(result.Message, structured, era);
    }

    public static JObject Error(McpEra era, int code, string message, string? model = null, string? requestId = null, TimeSpan? retryAfter = null)
    {
        var name = ErrorMapping.Name(code);
        var error = new JObject { ["code"] = code, ["name"] = name, ["message"] = message };
        if (retryAfter is { } after) error["retry_after_ms"] = RetryAfterMs(after);
        var structured = new JObject();
        if (model is not null) structured["model"] = model;
        if (requestId is not null) structured["request_id"] = requestId;
        structured["error"] = error;
        return Structured($"{name}: {message}", structured, era, isError: true);
    }

    public static long RetryAfterMs(TimeSpan after) => Math.Max(1, (long)Math.Ceiling(after.TotalMilliseconds));

    private static void AddOrigin(JObject structured, Completed done)
    {
        structured["usage"] = new JObject
        {
            ["prompt_tokens"] = done.Usage.PromptTokens,
            ["completion_tokens"] = done.Usage.CompletionTokens,
            ["total_tokens"] = done.Usage.TotalTokens,
        };
        structured["simulated"] = done.Origin.Simulated;
        structured["origin"] = new JObject
        {
            ["node"] = done.Origin.Node,
            ["runtime"] = done.Origin.Runtime,
            ["handle_id"] = done.Origin.HandleId,
        };
    }

    private static JObject Timings(Completed done)
    {
        var timings = new JObject
        {
            ["ttft_ms"] = Round(done.TimeToFirstTokenMs),
            ["queue_wait_ms"] = Round(done.QueueWaitMs),
        };
        if (done.Perf is { } perf)
        {
            timings["prefill_ms"] = Round(perf.PrefillTimeMs);
            timings["decode_tokens_per_second"] = Round(perf.DecodeTokensPerSecond);
        }
        return timings;
    }

    public static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : 0;

    private static JObject Text(string text) => new() { ["type"] = "text", ["text"] = text };
}
