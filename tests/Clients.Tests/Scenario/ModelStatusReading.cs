using System.Text.Json;

namespace Nano.Clients.Tests.Scenario;

/// <summary>
/// Reads a <c>model_status</c> result's structured content (docs/PROTOCOL.md: the model's <c>queue_depth</c> and its
/// <c>handles</c>, each with <c>busy</c> and <c>active_runs</c>): whether the model has a run going or waiting.
/// </summary>
public static class ModelStatusReading
{
    /// <summary>The handles array, or null when the status names none (which no test should take for idle).</summary>
    public static JsonElement? Handles(JsonElement status) =>
        status.ValueKind == JsonValueKind.Object && status.TryGetProperty("handles", out var handles) && handles.ValueKind == JsonValueKind.Array
            ? handles
            : null;

    /// <summary>True when the status names the model's handles, none is busy or running, and nothing is queued.</summary>
    public static bool IsIdle(JsonElement status) =>
        Handles(status) is { } handles
        && status.TryGetProperty("queue_depth", out var queued) && queued.GetInt32() == 0
        && handles.EnumerateArray().All(h => !h.GetProperty("busy").GetBoolean() && h.GetProperty("active_runs").GetInt32() == 0);
}
