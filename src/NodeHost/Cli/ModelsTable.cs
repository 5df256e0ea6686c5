using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.NodeHost.Hosting;

namespace Nano.NodeHost.Cli;

/// <summary>Prints a pool snapshot as an aligned table, one row per model, with the node's totals below.</summary>
internal static class ModelsTable
{
    private static readonly string[] Header = ["NAME", "RUNTIME", "STATE", "INSTANCES", "MEMORY", "QUEUE", "SIMULATED"];

    public static void Write(TextWriter output, PoolSnapshot snapshot, ModelsConfig config)
    {
        var rows = snapshot.Models.Select(m =>
        {
            var definition = config.Find(m.ModelId);
            return new[]
            {
                m.ModelId,
                definition is null ? m.Runtime : NodeAnnouncer.RuntimeName(definition.Runtime),
                m.State.ToString().ToLowerInvariant() + (m.FailureReason is null ? "" : $" ({m.FailureReason})"),
                $"{m.Handles.Count}/{m.MaxInstances}",
                $"{m.MemoryMb}/{definition?.MemoryLimitMb.ToString() ?? "?"} MB",
                m.QueueDepth.ToString(),
                m.Simulated ? "yes" : "no",
            };
        }).ToList();
        var widths = Header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(Header))
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        output.WriteLine($"node {snapshot.Node}: {snapshot.LiveHandles}/{snapshot.MaxHandles} handles, {snapshot.UsedMemoryMb}/{snapshot.MemoryBudgetMb} MB; MEMORY is in use/per instance");
        if (snapshot.Models.Any(m => m.Simulated))
            output.WriteLine("simulated models produce simulated text and timings, not real inference");
    }
}
