using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Admin;

/// <summary>The answer to one admin operation: an HTTP status (also used to shape MCP results) and a JSON body.</summary>
public sealed record AdminOutcome(int Status, JObject Body, string Summary)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>{"error": {"code", "message", "errors"?}}; <paramref name="errors"/> are "json.path: problem" lines.</summary>
    public static AdminOutcome Error(int status, string code, string message, IReadOnlyList<string>? errors = null)
    {
        var error = new JObject { ["code"] = code, ["message"] = message };
        if (errors is { Count: > 0 }) error["errors"] = new JArray(errors);
        var summary = errors is { Count: > 0 } ? $"{message}:\n  {string.Join("\n  ", errors)}" : message;
        return new AdminOutcome(status, new JObject { ["error"] = error }, summary);
    }
}
