using Nano.Runtime.Sim.Internal;

namespace Nano.Runtime.Sim;

/// <summary>
/// The built-in calibration profiles: exactly the rows of Rockchip's published benchmark table (embedded
/// Profiles/benchmark.csv). Combinations the table lacks are not extrapolated; give explicit numbers instead.
/// </summary>
public static class SimProfiles
{
    private static readonly Lazy<IReadOnlyList<SimProfile>> Table = new(BenchmarkTable.Load);

    /// <summary>Every built-in profile, in table order.</summary>
    public static IReadOnlyList<SimProfile> All => Table.Value;

    /// <summary>The profiles measured on one board type.</summary>
    public static IReadOnlyList<SimProfile> For(string board) =>
        All.Where(p => string.Equals(p.Board, board, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Profile name for a model family, size and dtype: ("Qwen2.5", "1.5B", "w8a8") is "qwen2.5-1.5b-w8a8".</summary>
    public static string NameOf(string family, string size, string dtype) =>
        $"{family}-{size}-{dtype}".ToLowerInvariant();

    /// <summary>Looks a profile up by (board, family, size, dtype), case-insensitively; null when the table lacks it.</summary>
    public static SimProfile? Find(string board, string family, string size, string dtype) =>
        Find(board, NameOf(family, size, dtype));

    /// <summary>Looks a profile up by board and name ("qwen2.5-1.5b-w8a8"); null when the table lacks it.</summary>
    public static SimProfile? Find(string board, string name) =>
        For(board).FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
