using System.Globalization;

namespace Nano.Clients.Tests.Drills;

/// <summary>One reading of a process from /proc: resident memory, threads, open descriptors.</summary>
internal sealed record ProcessSample(long RssKb, int Threads, int OpenFds);

/// <summary>What /proc says about a node and the handle-host children it started (Linux only).</summary>
internal static class NodeProcesses
{
    /// <summary>
    /// Every live handle-host process started for <paramref name="nodePid"/> (its command line names the node as
    /// --parent-pid), with its current parent: a child re-parented away from the node is an orphan.
    /// </summary>
    public static IReadOnlyList<(int Pid, int ParentPid)> HandleHosts(int nodePid)
    {
        var marker = $"\0--parent-pid\0{nodePid}\0";
        var found = new List<(int, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var cmdline = Read($"{dir}/cmdline");
            if (cmdline is null || !cmdline.Contains("\0handle-host\0", StringComparison.Ordinal) || !cmdline.Contains(marker, StringComparison.Ordinal))
                continue;
            if (ParentOf(pid) is { } parent && !IsZombie(pid)) found.Add((pid, parent));
        }
        return found;
    }

    /// <summary>Whether a process is alive (a zombie awaiting its reaper counts as gone: it holds no memory).</summary>
    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    public static ProcessSample Sample(int pid)
    {
        var status = Read($"/proc/{pid}/status") ?? throw new InvalidOperationException($"process {pid} is gone");
        long rss = 0;
        var threads = 0;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Number(line);
            else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = (int)Number(line);
        }
        return new ProcessSample(rss, threads, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
    }

    private static long Number(string line) =>
        long.Parse(line.Split(' ', '\t').Where(p => p.Length > 0).ElementAt(1), CultureInfo.InvariantCulture);

    /// <summary>Field 4 of /proc/PID/stat, read after the command name (which may hold spaces and parentheses).</summary>
    private static int? ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null) return null;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static bool IsZombie(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        return stat is null || stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X';
    }

    private static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
