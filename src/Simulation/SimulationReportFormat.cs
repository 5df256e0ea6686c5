using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nano.Simulation;

/// <summary>A <see cref="SimulationReport"/> as a text table (for people) or snake_case JSON (for scripts).</summary>
public static class SimulationReportFormat
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static string ToJson(SimulationReport report) => JsonSerializer.Serialize(report, Json);

    public static string ToText(SimulationReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"SIMULATED cluster: {report.Boards} simulated {string.Join("/", report.BoardTypes)} board(s); no NPU, no inference (calibrated sim profiles).");
        text.AppendLine(c, $"All times and rates are SIMULATED time (time scale {report.TimeScale:0.###}: one simulated second took {report.TimeScale:0.###} wall seconds).");
        text.AppendLine();
        var load = report.Loop == "open" ? $"open loop, {report.ArrivalRatePerSecond:0.##} requests/s" : $"closed loop, {report.Clients} clients";
        Row(text, "load", $"{load}; model(s) {string.Join(", ", report.Models)}; prompt {report.PromptTokens} tokens, output {report.OutputTokens} tokens; seed {report.Seed}");
        Row(text, "duration", $"{report.DurationSeconds:0.0} s simulated ({report.WallSeconds:0.0} s wall, cluster start excluded)");
        Row(text, "requests", $"{report.Sent} sent: {report.Completed} completed, {report.Failed} failed, {report.Rejected} rejected ({report.Shed} shed), {report.Unanswered} unanswered");
        if (report.FailedByCode.Count > 0) Row(text, "failed", Codes(report.FailedByCode));
        if (report.RejectedByCode.Count > 0) Row(text, "rejected", Codes(report.RejectedByCode));
        Row(text, "tokens", $"{report.CompletionTokens} completion tokens, {report.TokensPerSecond:0.0} tokens/s aggregate"
            + (report.WindowTokensPerSecond is { } steady ? $" ({steady:0.0} tokens/s while sending)" : ""));
        if (report.LatencyMs is { } l) Row(text, "latency ms", $"p50 {l.P50:0}  p90 {l.P90:0}  p99 {l.P99:0}  max {l.Max:0}");
        if (report.TimeToFirstTokenMs is { } t) Row(text, "TTFT ms", $"p50 {t.P50:0}  p90 {t.P90:0}  p99 {t.P99:0}  max {t.Max:0}");
        text.AppendLine();

        var width = Math.Max(5, report.PerBoard.Select(b => b.Node.Length).DefaultIfEmpty(0).Max());
        var replicasWidth = Math.Max(8, report.PerBoard.Select(b => Replicas(b).Length).DefaultIfEmpty(0).Max());
        text.AppendLine(c, $"{"board".PadRight(width)}  {"type",-6}  {"replicas".PadRight(replicasWidth)}  {"completed",9}  {"tokens",8}  {"tokens/s",8}");
        foreach (var b in report.PerBoard)
            text.AppendLine(c, $"{b.Node.PadRight(width)}  {b.BoardType,-6}  {Replicas(b).PadRight(replicasWidth)}  {b.Completed,9}  {b.CompletionTokens,8}  {b.TokensPerSecond,8:0.0}");
        return text.ToString();
    }

    private static string Replicas(BoardResult board) => board.Replicas.Count == 0 ? "-" : string.Join(",", board.Replicas);

    private static string Codes(IReadOnlyDictionary<string, int> codes) => string.Join(", ", codes.Select(kv => $"{kv.Key} {kv.Value}"));

    private static void Row(StringBuilder text, string label, string value) =>
        text.Append(label.PadRight(12)).AppendLine(value);
}
