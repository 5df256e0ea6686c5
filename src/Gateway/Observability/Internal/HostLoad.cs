using System.Globalization;

namespace Nano.Gateway.Observability.Internal;

/// <summary>The board's CPU load and RAM from /proc (Linux); null values where /proc is not there.</summary>
internal static class HostLoad
{
    /// <summary>The 1-minute load average over the CPU count: 1.0 means every core busy.</summary>
    public static double? CpuLoad()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return double.Parse(first, CultureInfo.InvariantCulture) / Environment.ProcessorCount;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>MemTotal and MemAvailable in bytes.</summary>
    public static (long Total, long Available)? Memory()
    {
        try
        {
            long total = -1, available = -1;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Kilobytes(line);
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Kilobytes(line);
            }
            return total >= 0 && available >= 0 ? (total * 1024, available * 1024) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
