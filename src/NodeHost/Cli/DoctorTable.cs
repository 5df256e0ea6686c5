using Nano.Runtime.Diagnostics;

namespace Nano.NodeHost.Cli;

/// <summary>Prints doctor checks as an aligned table with a one-line verdict.</summary>
internal static class DoctorTable
{
    public static void Write(TextWriter output, IReadOnlyList<DoctorCheck> checks)
    {
        var areaWidth = Math.Max(6, checks.Max(c => c.Area.Length));
        var itemWidth = Math.Max(4, checks.Max(c => c.Item.Length));
        output.WriteLine($"{"STATUS",-6}  {"AREA".PadRight(areaWidth)}  {"ITEM".PadRight(itemWidth)}  DETAIL");
        foreach (var c in checks)
            output.WriteLine($"{c.Status.ToString().ToUpperInvariant(),-6}  {c.Area.PadRight(areaWidth)}  {c.Item.PadRight(itemWidth)}  {c.Detail}");
        var fails = checks.Count(c => c.Status == DoctorStatus.Fail);
        output.WriteLine(fails == 0 ? "doctor: no problems found" : $"doctor: {fails} problem(s) found");
    }
}
