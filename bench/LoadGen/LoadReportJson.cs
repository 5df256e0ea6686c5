using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nano.LoadGen;

/// <summary>The --json form of a <see cref="LoadReport"/>: one object, snake_case names, latencies in microseconds.</summary>
public static class LoadReportJson
{
    public static string Serialize(LoadReport report) => JsonSerializer.Serialize(report, LoadReportJsonContext.Default.LoadReport);

    public static LoadReport? Deserialize(string json) => JsonSerializer.Deserialize(json, LoadReportJsonContext.Default.LoadReport);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class LoadReportJsonContext : JsonSerializerContext;
