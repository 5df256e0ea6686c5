using System.Globalization;

namespace Nano.LoadGen.Cli;

/// <summary>The console form of a <see cref="LoadReport"/>.</summary>
internal static class ReportTable
{
    public static void Write(TextWriter output, LoadReport r)
    {
        var mode = r.Mode == "open" ? $"open loop {F(r.Rate ?? 0)} req/s over {r.Clients} client(s)" : $"closed loop, {r.Clients} client(s)";
        output.WriteLine($"nano load: {r.Transport} {r.Target}, model {r.Model}, {mode}, max_tokens {r.MaxTokens}{(r.Stream ? ", streamed" : "")}");
        var c = r.Counts;
        output.WriteLine($"requests    sent {c.Sent}  ok {c.Ok}  errors {c.Errors}  shed {c.Shed}  timeouts {c.Timeouts}  abandoned {c.Abandoned}" +
                         (c.AddsUp ? "" : "  (DO NOT ADD UP)"));
        output.WriteLine($"throughput  {F(r.RequestsPerSecond)} req/s  {F(r.TokensPerSecond)} tokens/s  ({r.Tokens} tokens, {r.StreamEvents} streamed events, {F(r.ElapsedSeconds)} s)");
        output.WriteLine($"{"",-12}{"count",9}{"p50",11}{"p90",11}{"p99",11}{"p99.9",11}{"max",11}{"mean",11}");
        Row(output, "latency", r.LatencyUs);
        if (r.TtftUs is { } ttft) Row(output, "ttft", ttft);
        if (r.InterTokenUs is { } itl) Row(output, "inter-token", itl);
        if (r.SendLagUs is { } lag) Row(output, "send lag", lag);
        Codes(output, "shed", r.Shed, r.RetryAfterSeen > 0 ? $" (retry_after seen {r.RetryAfterSeen})" : "");
        Codes(output, "errors", r.Errors, "");
        output.WriteLine($"warmup requests {r.WarmupRequests}, late messages {r.LateMessages}, retransmits {r.Retransmits}, connections lost {r.ConnectionsLost}, " +
                         $"generator CPU {F(r.GeneratorCpuCores)} cores, allocated {PerRequest(r)} per request");
    }

    private static string PerRequest(LoadReport r)
    {
        var requests = r.Counts.Sent + r.WarmupRequests;
        return requests == 0 ? "-" : $"{F((double)r.GeneratorAllocatedBytes / requests)} B";
    }

    private static void Row(TextWriter output, string name, LatencySummary s) =>
        output.WriteLine($"{name,-12}{s.Count,9}{Us(s.P50),11}{Us(s.P90),11}{Us(s.P99),11}{Us(s.P99_9),11}{Us(s.Max),11}{Us((long)s.Mean),11}");

    private static void Codes(TextWriter output, string what, IReadOnlyDictionary<string, long> codes, string suffix)
    {
        if (codes.Count == 0) return;
        output.WriteLine($"{what} by code{suffix}:");
        foreach (var (code, count) in codes) output.WriteLine($"  {code,-48}{count,9}");
    }

    /// <summary>Microseconds as µs below 10 ms, ms below 10 s, s above.</summary>
    public static string Us(long us) => us switch
    {
        < 10_000 => $"{us} µs",
        < 10_000_000 => $"{F(us / 1000.0)} ms",
        _ => $"{F(us / 1_000_000.0)} s",
    };

    private static string F(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
