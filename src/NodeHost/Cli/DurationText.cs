using System.Globalization;
using System.Text.RegularExpressions;

namespace Nano.NodeHost.Cli;

/// <summary>Durations as people type them: "30s", "2m", "500ms", "1.5h"; a bare number is seconds.</summary>
internal static partial class DurationText
{
    [GeneratedRegex(@"^(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s|m|h)?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (Pattern().Match(text.Trim().ToLowerInvariant()) is not { Success: true } match) return false;
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
        return duration > TimeSpan.Zero;
    }
}
