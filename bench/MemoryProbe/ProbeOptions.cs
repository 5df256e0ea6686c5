namespace Nano.MemoryProbe;

/// <summary>
/// `--connections N` idle sessions per transport (200), `--handles K` live handles per runtime (8),
/// `--settle DURATION` wait before the settled idle reading (60s), `--json` for scripts.
/// </summary>
internal sealed record ProbeOptions(int Connections, int Handles, TimeSpan Settle, bool Json)
{
    public const string Usage = "usage: Nano.MemoryProbe [--connections 200] [--handles 8] [--settle 60s] [--json]";

    public static ProbeOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ProbeOptions(200, 8, TimeSpan.FromSeconds(60), false);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }
            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value");
            var value = args[++i];
            options = name switch
            {
                "--connections" => options with { Connections = Positive(value) },
                "--handles" => options with { Handles = Positive(value) },
                "--settle" => options with { Settle = Duration(value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        return options;
    }

    private static int Positive(string value) => int.TryParse(value, out var n) && n > 0
        ? n
        : throw new ArgumentException($"'{value}' is not a positive integer");

    /// <summary>`90s`, `2m`, `500ms` or plain seconds.</summary>
    private static TimeSpan Duration(string value)
    {
        var (number, unit) = value.EndsWith("ms") ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : (value, 1.0);
        return double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0
            ? TimeSpan.FromSeconds(n * unit)
            : throw new ArgumentException($"'{value}' is not a duration (90s, 2m, 500ms)");
    }
}
