namespace Nano.Runtime.Diagnostics;

/// <summary>
/// Reads what a Rockchip board exposes (device tree, rknpu debugfs, device nodes, meminfo) below a file-system
/// root, so tests can point it at a fake board tree.
/// </summary>
public sealed class BoardProbe(string root = "/")
{
    private string P(string path) => Path.Combine(root, path.TrimStart('/'));

    /// <summary>SoC names from the device tree, e.g. "rk3588"; empty on non-Rockchip machines.</summary>
    public IReadOnlyList<string> RockchipSocs()
    {
        var text = TryRead("/proc/device-tree/compatible") ?? TryRead("/sys/firmware/devicetree/base/compatible");
        if (text is null) return [];
        return text.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(c => c.StartsWith("rockchip,rk", StringComparison.Ordinal) && !c.Contains('-'))
            .Select(c => c["rockchip,".Length..])
            .ToArray();
    }

    /// <summary>Contents of /sys/kernel/debug/rknpu/version (needs root and debugfs), or null.</summary>
    public string? NpuDriverVersion() => TryRead("/sys/kernel/debug/rknpu/version")?.Trim();

    /// <summary>Contents of /sys/kernel/debug/rknpu/load, or null when unavailable.</summary>
    public string? NpuLoad() => TryRead("/sys/kernel/debug/rknpu/load")?.Trim();

    /// <summary>The NPU device nodes that exist (/dev/rknpu or the DRI render nodes the rknpu driver uses).</summary>
    public IReadOnlyList<string> NpuDeviceNodes() =>
        new[] { "/dev/rknpu", "/dev/dri/renderD128", "/dev/dri/renderD129" }.Where(d => File.Exists(P(d)) || Directory.Exists(P(d))).ToArray();

    /// <summary>MemAvailable from /proc/meminfo in MB, or null.</summary>
    public long? MemAvailableMb()
    {
        var text = TryRead("/proc/meminfo");
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        if (line is null) return null;
        var kb = line["MemAvailable:".Length..].Trim().Split(' ')[0];
        return long.TryParse(kb, out var v) ? v / 1024 : null;
    }

    private string? TryRead(string path)
    {
        try { return File.ReadAllText(P(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
