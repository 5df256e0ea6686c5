using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nano.Actors.Configuration;
using Nano.NodeHost.Configuration;
using Nano.Runtime;

namespace Nano.NodeHost.Hosting;

/// <summary>
/// Says at start what this node serves, and above all which models are SIMULATED: simulated text and timings
/// must never pass for real inference, so this is a warning, visible at every log level but error.
/// </summary>
internal sealed class NodeAnnouncer(NodeConfiguration node, ILogger<NodeAnnouncer> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var note in node.Notes) log.LogWarning("Ignored setting: {Note}", note);
        log.LogInformation("Node {Node} starting with {Count} model(s) from {Config}: {Models}",
            node.NodeName, node.Models.Models.Count, node.Models.SourcePath, string.Join(", ", node.Models.Models.Select(Describe)));
        var simulated = node.Models.Models.Where(m => m.Runtime.Kind == RuntimeKind.Simulated).Select(m => m.Name).ToArray();
        if (simulated.Length > 0)
            log.LogWarning("SIMULATED models: {Models}. Their text and timings come from the simulated NPU (calibrated on Rockchip's " +
                           "published benchmarks), not from real inference", string.Join(", ", simulated));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(ModelDefinition m) => $"{m.Name} ({RuntimeName(m.Runtime)})";

    public static string RuntimeName(RuntimeSpec spec) => spec.Kind switch
    {
        RuntimeKind.Simulated => "sim",
        RuntimeKind.Emulator => spec.Isolated ? "emu, isolated" : "emu",
        _ => spec.Isolated ? "native, isolated" : "native",
    };
}
