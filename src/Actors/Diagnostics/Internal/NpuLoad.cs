using System.Globalization;
using System.Text.RegularExpressions;

namespace Nano.Actors.Diagnostics.Internal;

/// <summary>
/// Parses the RKNPU driver's load report. Multi-core NPUs (RK3588: 3, RK3576: 2) print
/// "NPU load:  Core0:  0%, Core1: 12%, Core2:  0%," and single-core ones "NPU load: 12%" (rknpu_load_show:
/// "NPU load: ", then " Core%d: " and "%2.d%%," per core).
/// </summary>
internal static partial class NpuLoad
{
    /// <summary>Percent per core ("0", "1", ... or "all"); null when the text is not a load report.</summary>
    public static NpuCoreLoad[]? Parse(string text)
    {
        var cores = CoreLoad().Matches(text).Select(m => new NpuCoreLoad(m.Groups[1].Value, Percent(m.Groups[2]))).ToArray();
        if (cores.Length > 0) return cores;
        return SingleLoad().Match(text) is { Success: true } single ? [new NpuCoreLoad("all", Percent(single.Groups[1]))] : null;
    }

    private static double Percent(Group digits) => double.Parse(digits.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Core(\d+):\s*(\d+(?:\.\d+)?)%")]
    private static partial Regex CoreLoad();

    [GeneratedRegex(@"NPU load:\s*(\d+(?:\.\d+)?)%")]
    private static partial Regex SingleLoad();
}
