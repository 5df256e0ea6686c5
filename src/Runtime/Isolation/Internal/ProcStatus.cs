using System.Globalization;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>Reads a process's resident set from /proc/PID/status (Linux).</summary>
internal static class ProcStatus
{
    /// <summary>VmRSS in KiB, or null when the process is gone or the file has no such line.</summary>
    public static long? ResidentKb(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/status"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var value = line["VmRSS:".Length..].Trim();
            var space = value.IndexOf(' ');
            return long.TryParse(space < 0 ? value : value[..space], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : null;
        }
        return null;
    }
}
