using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess;

internal enum OutcomeKind
{
    /// <summary>A result with the text and origin.node.</summary>
    Completed,
    /// <summary>An isError result whose error says retriable: true (NODE_LOST, ...).</summary>
    RetriableFailure,
    /// <summary>Refused for lack of capacity with a retry_after_ms (JSON-RPC error data, or the tool error).</summary>
    Shed,
    /// <summary>Any other answer: not an outcome the cluster may give when a board dies.</summary>
    Unexpected,
    /// <summary>No answer within the call bound, or the connection broke.</summary>
    Unanswered,
}

/// <summary>What one generate call got back, classified.</summary>
internal sealed record CallOutcome(OutcomeKind Kind, string Detail, string? Node = null)
{
    public static CallOutcome Of(JsonObject answer)
    {
        if (answer["error"] is JsonObject error)
        {
            return error["data"]?["retry_after_ms"] is JsonValue after && after.GetValue<long>() > 0
                ? new CallOutcome(OutcomeKind.Shed, $"{(string?)error["data"]?["name"] ?? error["code"]?.ToJsonString()}: {(string?)error["message"]}")
                : new CallOutcome(OutcomeKind.Unexpected, answer.ToJsonString());
        }
        if (answer["result"] is not JsonObject result) return new CallOutcome(OutcomeKind.Unexpected, answer.ToJsonString());
        var structured = result["structuredContent"];
        if (result["isError"]?.GetValue<bool>() != true)
        {
            return structured?["origin"]?["node"] is JsonValue node
                ? new CallOutcome(OutcomeKind.Completed, "", node.GetValue<string>())
                : new CallOutcome(OutcomeKind.Unexpected, answer.ToJsonString());
        }
        var toolError = structured?["error"];
        var name = (string?)toolError?["name"] ?? "?";
        if (toolError?["retriable"] is JsonValue retriable && retriable.GetValue<bool>())
            return new CallOutcome(OutcomeKind.RetriableFailure, $"{name}: {(string?)toolError["message"]}");
        if (toolError?["retry_after_ms"] is JsonValue retryAfter && retryAfter.GetValue<long>() > 0)
            return new CallOutcome(OutcomeKind.Shed, $"{name}: {(string?)toolError["message"]}");
        return new CallOutcome(OutcomeKind.Unexpected, answer.ToJsonString());
    }

    public static CallOutcome Unanswered(string why) => new(OutcomeKind.Unanswered, why);

    /// <summary>retry_after_ms of a shed answer, for the client's back-off.</summary>
    public static TimeSpan RetryAfter(JsonObject answer)
    {
        var ms = answer["error"]?["data"]?["retry_after_ms"] ?? answer["result"]?["structuredContent"]?["error"]?["retry_after_ms"];
        return ms is JsonValue value ? TimeSpan.FromMilliseconds(value.GetValue<long>()) : TimeSpan.Zero;
    }
}
