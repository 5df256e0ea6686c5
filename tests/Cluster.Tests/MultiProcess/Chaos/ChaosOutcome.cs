using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess.Chaos;

internal enum ChaosKind
{
    /// <summary>A result for this request id, with origin.node.</summary>
    Completed,
    /// <summary>An error with a code and a message (JSON-RPC error or isError result), no retry_after.</summary>
    Failed,
    /// <summary>An error carrying retry_after_ms &gt; 0: refused for capacity, try again later.</summary>
    Shed,
    /// <summary>The connection to the gateway broke with the request in flight: failed, reason "connection lost".</summary>
    ConnectionLost,
    /// <summary>No answer within the call bound on a live connection: a lost request.</summary>
    Unanswered,
    /// <summary>An answer that is none of the above (no code or message, another request's id, no node).</summary>
    Malformed,
}

/// <summary>The one terminal outcome of a chaos request.</summary>
internal sealed record ChaosOutcome(ChaosKind Kind, string Code, string Detail, string? Node = null, bool Retriable = false, long RetryAfterMs = 0)
{
    /// <summary>The outcomes the ledger accepts as accounted for.</summary>
    public bool Accounted => Kind is ChaosKind.Completed or ChaosKind.Failed or ChaosKind.Shed or ChaosKind.ConnectionLost;

    public static ChaosOutcome ConnectionLost(string why) => new(ChaosKind.ConnectionLost, "CONNECTION_LOST", why);

    public static ChaosOutcome Unanswered(TimeSpan bound) => new(ChaosKind.Unanswered, "", $"no answer within {bound}");

    public static ChaosOutcome Of(JsonObject answer, string requestId)
    {
        if (answer["error"] is JsonObject error) return OfError(error["code"], error["message"], error["data"], answer);
        if (answer["result"] is not JsonObject result) return Malformed(answer);
        var structured = result["structuredContent"];
        if (result["isError"]?.GetValue<bool>() == true)
        {
            var toolError = structured?["error"];
            return toolError is null ? Malformed(answer) : OfError(toolError["code"], toolError["message"], toolError, answer, (string?)toolError["name"]);
        }
        if ((string?)structured?["request_id"] != requestId)
            return new ChaosOutcome(ChaosKind.Malformed, "", $"answered for request {(string?)structured?["request_id"]}: {answer.ToJsonString()}");
        return structured?["origin"]?["node"] is JsonValue node
            ? new ChaosOutcome(ChaosKind.Completed, "", "", node.GetValue<string>())
            : Malformed(answer);
    }

    private static ChaosOutcome OfError(JsonNode? code, JsonNode? message, JsonNode? data, JsonObject answer, string? name = null)
    {
        if (code is not JsonValue || message is not JsonValue text || ((string?)text)?.Length is null or 0) return Malformed(answer);
        var label = name ?? (string?)data?["name"] ?? code.ToJsonString();
        var retryAfter = data?["retry_after_ms"] is JsonValue after ? after.GetValue<long>() : 0;
        var retriable = data?["retriable"] is JsonValue r && r.GetValue<bool>();
        return retryAfter > 0
            ? new ChaosOutcome(ChaosKind.Shed, label, (string)text!, RetryAfterMs: retryAfter)
            : new ChaosOutcome(ChaosKind.Failed, label, (string)text!, Retriable: retriable);
    }

    private static ChaosOutcome Malformed(JsonObject answer) => new(ChaosKind.Malformed, "", answer.ToJsonString());
}
