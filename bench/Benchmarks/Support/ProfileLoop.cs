using System.Diagnostics;
using System.Globalization;

namespace Nano.Benchmarks.Support;

/// <summary>
/// `profile gateway|pool TOKENS SECONDS`: runs one end-to-end benchmark's request in a plain loop so dotnet-trace or
/// dotnet-counters can attach to a steady workload (BenchmarkDotNet's in-process runs are too short and chopped up).
/// Prints the pid first, then each second requests/s and bytes allocated per request: by all threads, and by all but
/// the loop's own thread (the benchmark's client), which is the server's share.
/// </summary>
public static class ProfileLoop
{
    public static int Run(string[] args)
    {
        if (args is [_, "wire"])
            return WireSizes();
        if (args.Length < 4 || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var tokens)
            || !double.TryParse(args[3], CultureInfo.InvariantCulture, out var seconds))
        {
            Console.Error.WriteLine("usage: profile gateway|pool TOKENS SECONDS, or profile wire (bytes per remote message)");
            return 2;
        }
        Func<int> request;
        Action cleanup;
        switch (args[1])
        {
            case "gateway":
                var gateway = new GatewayTcpBenchmarks { Tokens = tokens };
                gateway.Setup();
                request = gateway.Request;
                cleanup = gateway.Cleanup;
                break;
            case "pool":
                var pool = new PoolRequestBenchmarks { Tokens = tokens };
                pool.Setup();
                request = () => pool.Request().GetAwaiter().GetResult();
                cleanup = pool.Cleanup;
                break;
            default:
                Console.Error.WriteLine($"unknown loop '{args[1]}'");
                return 2;
        }
        Console.WriteLine($"pid {Environment.ProcessId}");
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var started = Stopwatch.GetTimestamp();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var client = GC.GetAllocatedBytesForCurrentThread();
            var count = 0;
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < 1)
            {
                request();
                count++;
            }
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var server = bytes - (GC.GetAllocatedBytesForCurrentThread() - client);
            Console.WriteLine($"{count / Stopwatch.GetElapsedTime(started).TotalSeconds:F0} req/s, {bytes / (double)count:F0} B/request, " +
                $"{server / (double)count:F0} B/request without the client's");
        }
        cleanup();
        return 0;
    }

    private static int WireSizes()
    {
        foreach (var message in new[] { "TokenChunk", "Completed", "Failed", "Rejected", "GenerateRequest" })
        {
            var sizes = new[] { "json", "nano" }.Select(serializer =>
            {
                var bench = new ClusterSerializationBenchmarks { Message = message, Serializer = serializer };
                bench.Setup();
                var bytes = bench.WireBytes();
                bench.Cleanup();
                return $"{serializer} {bytes} B";
            });
            Console.WriteLine($"{message}: {string.Join(", ", sizes)}");
        }
        return 0;
    }
}
