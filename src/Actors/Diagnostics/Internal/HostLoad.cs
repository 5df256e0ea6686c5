using System.Globalization;

namespace Nano.Actors.Diagnostics.Internal;

/// <summary>Parsers of the /proc and /sys files behind the CPU and RAM figures of a <see cref="HostSample"/>.</summary>
internal static class HostLoad
{
    /// <summary>The 1-minute load average (first field of /proc/loadavg) over <paramref name="cpus"/>; null when unreadable.</summary>
    public static double? CpuLoad(string? loadavg, int cpus)
    {
        var first = loadavg?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return cpus > 0 && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load / cpus : null;
    }

    /// <summary>
    /// The number of CPUs in /sys/devices/system/cpu/online ("0-7", "0-3,6"): the whole board's, which the load
    /// average counts, unlike Environment.ProcessorCount inside a CPU-limited container.
    /// </summary>
    public static int? OnlineCpus(string? online)
    {
        if (string.IsNullOrWhiteSpace(online)) return null;
        var count = 0;
        foreach (var range in online.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = range.Split('-');
            if (!int.TryParse(bounds[0], CultureInfo.InvariantCulture, out var low)) return null;
            var high = low;
            if (bounds.Length == 2 && !int.TryParse(bounds[1], CultureInfo.InvariantCulture, out high)) return null;
            if (bounds.Length > 2 || high < low) return null;
            count += high - low + 1;
        }
        return count > 0 ? count : null;
    }

    /// <summary>MemTotal and MemAvailable of /proc/meminfo in bytes; null unless both are there.</summary>
    public static (long Total, long Available)? Memory(string? meminfo)
    {
        if (meminfo is null) return null;
        long? total = null, available = null;
        foreach (var line in meminfo.Split('\n'))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Bytes(line);
            else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Bytes(line);
        }
        return total is { } t && available is { } a ? (t, a) : null;
    }

    /// <summary>"MemTotal:       16281204 kB" → bytes (meminfo's kB are KiB).</summary>
    private static long? Bytes(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }
}
