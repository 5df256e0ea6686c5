using System.Globalization;

namespace Nano.Runtime.Sim.Internal;

/// <summary>Parses the embedded benchmark table (Profiles/benchmark.csv) into profiles.</summary>
internal static class BenchmarkTable
{
    public const string ResourceName = "Nano.Runtime.Sim.Profiles.benchmark.csv";

    private static readonly string[] Header =
        ["board", "model", "size", "dtype", "seqlen", "new_tokens", "ttft_ms", "tokens_per_s", "memory_mb"];

    public static IReadOnlyList<SimProfile> Load()
    {
        using var stream = typeof(BenchmarkTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static IReadOnlyList<SimProfile> Parse(string csv)
    {
        var rows = csv.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        if (rows.Count == 0 || !rows[0].Split(',').SequenceEqual(Header))
            throw new FormatException($"benchmark table must start with the header {string.Join(',', Header)}");

        var profiles = new List<SimProfile>();
        foreach (var row in rows.Skip(1))
        {
            var f = row.Split(',');
            if (f.Length != Header.Length) throw new FormatException($"benchmark row has {f.Length} fields: {row}");
            var family = f[1].Trim();
            profiles.Add(new SimProfile(
                SimProfiles.NameOf(family, f[2].Trim(), f[3].Trim()), f[0].Trim().ToLowerInvariant(),
                family.ToLowerInvariant(), f[2].Trim().ToLowerInvariant(), f[3].Trim().ToLowerInvariant(),
                Number(f[6]), Number(f[7]), Number(f[8]))
            {
                PromptTokensRef = (int)Number(f[4]),
                NewTokensRef = (int)Number(f[5]),
                // Vision-language families are named "<family>-VL" in the table.
                IsVision = family.Contains("-vl", StringComparison.OrdinalIgnoreCase),
            });
        }
        return profiles;
    }

    private static double Number(string field) => double.Parse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
