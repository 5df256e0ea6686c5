using System.Globalization;
using Nano.Simulation;

namespace Nano.NodeHost.Cli;

/// <summary>`simulate`'s progress lines on stderr, written at once (Progress&lt;T&gt; would post them out of order).</summary>
internal sealed class SimulateProgress(TextWriter error) : IProgress<WorkloadProgress>
{
    public void Report(WorkloadProgress p)
    {
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate: {p.ElapsedSimulated.TotalSeconds,6:0.0} s simulated: {p.Sent} sent, {p.InFlight} in flight, {p.Completed} completed, {p.Failed} failed, {p.Rejected} rejected, {p.CompletionTokens} tokens"));
        error.Flush();
    }
}
