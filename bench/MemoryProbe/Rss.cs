namespace Nano.MemoryProbe;

/// <summary>The resident set size of a process, from the VmRSS line of /proc/PID/status (Linux).</summary>
internal static class Rss
{
    public static long OfProcess(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries); // "VmRSS:", "123456", "kB"
            return long.Parse(parts[1]);
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line");
    }

    public static string Mib(long kib) => (kib / 1024.0).ToString("0.0");
}
