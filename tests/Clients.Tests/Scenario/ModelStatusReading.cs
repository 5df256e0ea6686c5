using System.Text.Json;

namespace Nano.Clients.Tests.Scenario;

/// <summary>
/// Reads a <c>model_status</c> tool result (its structured content, or its text as JSON): whether the model has a
/// run going (a busy handle, active runs) or waiting (queue depth).
/// </summary>
public static class ModelStatusReading
{
    /// <summary>True when the status names the model's handles and none is busy and nothing is queued.</summary>
    public static bool IsIdle(JsonElement status) => Handles(status) is { } handles
        && !handles.EnumerateArray().Any(IsBusy)
        && Number(status, "queue_depth", "queueDepth") is null or 0;

    public static JsonElement? Handles(JsonElement status)
    {
        if (status.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in status.EnumerateObject())
        {
            if (property.NameEquals("handles") && property.Value.ValueKind == JsonValueKind.Array) return property.Value;
            // A wrapper such as {"model": {...}} or {"models": [{...}]}: look one level down.
            if (property.Value.ValueKind == JsonValueKind.Object && Handles(property.Value) is { } nested) return nested;
            if (property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() == 1
                && Handles(property.Value[0]) is { } single) return single;
        }
        return null;
    }

    private static bool IsBusy(JsonElement handle) =>
        (handle.TryGetProperty("busy", out var busy) && busy.ValueKind == JsonValueKind.True)
        || Number(handle, "active_runs", "activeRuns") is > 0;

    private static double? Number(JsonElement element, params string[] names)
    {
        foreach (var name in names)
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
                return value.GetDouble();
        return null;
    }
}
