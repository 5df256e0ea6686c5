using System.Text;
using System.Text.Json.Nodes;

namespace Nano.MemoryProbe;

/// <summary>The readings: absolute RSS rows and per-unit deltas, as a markdown table or JSON.</summary>
internal sealed class MemoryReport(ProbeOptions options)
{
    private readonly List<(string What, long RssKib)> _idle = [];
    private readonly List<(string What, int Count, long BeforeKib, long AfterKib)> _deltas = [];

    public void Idle(string what, long rssKib)
    {
        _idle.Add((what, rssKib));
        Console.Error.WriteLine($"memory-probe: {what}: {Rss.Mib(rssKib)} MiB");
    }

    public void PerUnit(string what, int count, long beforeKib, long afterKib)
    {
        _deltas.Add((what, count, beforeKib, afterKib));
        Console.Error.WriteLine($"memory-probe: {count} x {what}: {Rss.Mib(beforeKib)} -> {Rss.Mib(afterKib)} MiB, {PerKib(beforeKib, afterKib, count):0.0} KiB each");
    }

    private static double PerKib(long before, long after, int count) => (double)(after - before) / count;

    public string ToMarkdown()
    {
        var table = new StringBuilder();
        table.AppendLine("| what | N | RSS before (MiB) | RSS after (MiB) | per unit (KiB) |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (what, rss) in _idle) table.AppendLine($"| {what} | – | – | {Rss.Mib(rss)} | – |");
        foreach (var (what, count, before, after) in _deltas)
            table.AppendLine($"| {what} | {count} | {Rss.Mib(before)} | {Rss.Mib(after)} | {PerKib(before, after, count):0.0} |");
        return table.ToString();
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["connections"] = options.Connections,
            ["handles"] = options.Handles,
            ["settle_seconds"] = options.Settle.TotalSeconds,
            ["idle"] = new JsonArray(_idle.Select(i => (JsonNode)new JsonObject { ["what"] = i.What, ["rss_kib"] = i.RssKib }).ToArray()),
            ["per_unit"] = new JsonArray(_deltas.Select(d => (JsonNode)new JsonObject
            {
                ["what"] = d.What, ["count"] = d.Count, ["before_kib"] = d.BeforeKib, ["after_kib"] = d.AfterKib,
                ["per_unit_kib"] = Math.Round(PerKib(d.BeforeKib, d.AfterKib, d.Count), 1),
            }).ToArray()),
        };
        return json.ToJsonString(new() { WriteIndented = true });
    }
}
