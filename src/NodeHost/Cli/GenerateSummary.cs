using System.Globalization;
using System.Text;
using Nano.Actors.Protocol;

namespace Nano.NodeHost.Cli;

/// <summary>The lines `generate` prints to stderr after the text: a summary, or why there is no text.</summary>
internal static class GenerateSummary
{
    /// <summary>"[simulated] 64 tokens, TTFT 378 ms, 16.7 tok/s": simulated output always says so.</summary>
    public static string Line(Completed completed, GenerateOutcome outcome)
    {
        var origin = completed.Origin.Simulated ? "simulated" : completed.Origin.Runtime.Split(' ')[0];
        var tokens = completed.Usage.CompletionTokens;
        var ttft = completed.TimeToFirstTokenMs > 0 ? completed.TimeToFirstTokenMs : outcome.FirstChunkMs ?? 0;
        // The runtime's own decode rate when it reports one (the NPU's, or the simulated NPU's); else wall clock.
        var rate = completed.Perf is { DecodeTokensPerSecond: > 0 } perf
            ? perf.DecodeTokensPerSecond
            : outcome.ElapsedMs - ttft > 0 ? tokens * 1000.0 / (outcome.ElapsedMs - ttft) : 0;
        var line = string.Create(CultureInfo.InvariantCulture, $"[{origin}] {tokens} tokens, TTFT {ttft:0} ms, {rate:0.0} tok/s");
        return completed.Reason == FinishReason.Length ? line + ", stopped at max tokens" : line;
    }

    public static string Rejected(Rejected rejected) =>
        $"nano: request rejected ({CodeName(rejected.Code)}): {rejected.Reason}" +
        (rejected.RetryAfter is { } retry ? string.Create(CultureInfo.InvariantCulture, $"; retry after {retry.TotalMilliseconds:0} ms") : "");

    public static string Failed(Failed failed) =>
        $"nano: request failed ({CodeName(failed.Code)}): {failed.Message}{(failed.Retriable ? " (retriable)" : "")}";

    /// <summary>QueueFull -> QUEUE_FULL, the spelling the gateway and the issue use.</summary>
    public static string CodeName(NanoErrorCode code)
    {
        var name = code.ToString();
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) result.Append('_');
            result.Append(char.ToUpperInvariant(name[i]));
        }
        return result.ToString();
    }
}
