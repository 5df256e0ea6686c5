using System.Globalization;
using System.Text.RegularExpressions;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// The RKNPU driver's load report, /sys/kernel/debug/rknpu/load ("NPU load:  Core0: 12%, Core1: 0%, Core2: 0%,";
/// single-core parts print "NPU load:  12%"). Needs debugfs mounted and readable; absent elsewhere.
/// </summary>
internal static partial class NpuLoad
{
    public const string DefaultPath = "/sys/kernel/debug/rknpu/load";

    /// <summary>Percent per core ("0", "1", ... or "all" for the single-core format); empty when the text is not a load report.</summary>
    public static IReadOnlyList<(string Core, double Percent)> Parse(string text)
    {
        var cores = CoreLoad().Matches(text).Select(m => (m.Groups[1].Value, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        if (cores.Count > 0) return cores;
        return SingleLoad().Match(text) is { Success: true } single
            ? [("all", double.Parse(single.Groups[1].Value, CultureInfo.InvariantCulture))]
            : [];
    }

    /// <summary>Null when the file is missing or unreadable (no NPU, no debugfs, no permission).</summary>
    public static IReadOnlyList<(string Core, double Percent)>? Read(string path = DefaultPath)
    {
        try
        {
            var cores = Parse(File.ReadAllText(path));
            return cores.Count > 0 ? cores : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Core(\d+):\s*(\d+(?:\.\d+)?)%")]
    private static partial Regex CoreLoad();

    [GeneratedRegex(@"NPU load:\s*(\d+(?:\.\d+)?)%")]
    private static partial Regex SingleLoad();
}
