using System.Diagnostics;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// The property every MCP transport must keep, run the same way on each: after an initialize (2025-03-26, so batches
/// are served), the run's frames go out pipelined; every frame is owed its answer or its documented silence and
/// nothing else comes back; then the same connection and a fresh one still complete initialize + generate, the
/// node still runs, and it logged no error (no actor threw, no request failed unhandled).
/// </summary>
public static class TransportFuzz
{
    /// <summary>
    /// How long answers may take once the last frame has been read: the node's runs time out after 5 s and commands
    /// on handles after 10 s, so anything later is an answer only nano.gateway.command-timeout (60 s) forced out.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(FuzzNode node, ITestOutputHelper output, string spec, int maxBytes,
        Func<AnswerLedger, Task<FuzzConnection>> connect, bool retriesMayMerge = false)
    {
        var mark = node.Log.Mark;
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var frames = McpFrames.Sample(spec, maxBytes);
        var generated = watch.Elapsed;
        string Phase() => $"{watch.Elapsed.TotalSeconds:0.0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU";
        var phases = new List<string> { $"generated {Phase()}" };
        var ledger = new AnswerLedger(retriesMayMerge);
        var connection = await connect(ledger);
        try
        {
            await connection.CallAsync("fz-start", """
                {"jsonrpc":"2.0","id":"fz-start","method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}
                """, Settle);
            await connection.SendFramesAsync(frames, new Random(FuzzRun.Seed ^ spec.Length), CancellationToken.None);
            phases.Add($"sent {Phase()}");
            await connection.PingAsync("fz-end", Settle);
            phases.Add($"read {Phase()}");
            var settled = await ledger.SettledAsync(Settle);
            phases.Add($"settled {Phase()}");
            var problems = ledger.Problems();
            output.WriteLine($"{spec}: {frames.Length} frames ({string.Join("; ", phases)}); {ledger}");
            Assert.True(settled && problems.Count == 0,
                FuzzRun.Replay($"{spec}: {(settled ? "" : "not settled; ")}{problems.Count} problem(s):\n{string.Join("\n", problems.Take(25))}"));
            Assert.True(frames.Length >= FuzzRun.Frames, $"{frames.Length} frames sent");

            await connection.RoundTripAsync("same", Settle);
        }
        finally
        {
            await connection.DisposeAsync();
        }
        var fresh = await connect(new AnswerLedger(retriesMayMerge));
        try
        {
            await fresh.RoundTripAsync("fresh", Settle);
            Assert.Empty(fresh.Ledger.Problems());
        }
        finally
        {
            await fresh.DisposeAsync();
        }
        await node.AssertAliveAsync();
        node.AssertNoErrorsSince(mark, spec);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{spec}: done in {watch.Elapsed.TotalSeconds:0.0} s wall, {used.TotalSeconds:0.0} s CPU; {FuzzRun.Replay("replay")}");
    }
}
