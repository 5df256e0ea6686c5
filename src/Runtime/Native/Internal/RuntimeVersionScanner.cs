using System.Text;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// Finds the runtime version in the bytes of a vendor librkllmrt.so, which has no version export. Only
/// "1.&lt;minor&gt;.&lt;patch&gt;" strings within <see cref="Window"/> bytes of an "rkllm" mention count, because the
/// library also embeds unrelated versions (a static zlib's "1.2.13" would otherwise read as ABI v1.2).
/// Candidates that map to different ABIs make the result unknown rather than a guess.
/// A pre-release tag glued to the patch ("1.2.1b1") is kept: v1.2.0 and v1.2.1b1 still had the older layout
/// (no role/enable_thinking in RKLLMInput, no perf in RKLLMResult, void callback), so only 1.2.1+ is ABI v1.2.
/// </summary>
internal static class RuntimeVersionScanner
{
    public const int Window = 256;
    private static readonly byte[] Marker = "rkllm"u8.ToArray();

    /// <summary>The detected version ("1.2.3") or null when none or conflicting.</summary>
    public sealed record Result(string? Version, string Evidence)
    {
        /// <summary>V1_3 for 1.3.x, V1_2 for 1.2.1 and later 1.2.x; null for anything else (unsupported).</summary>
        public RkllmAbi? Abi => Version is null ? null : AbiOf(Version);
    }

    public static RkllmAbi? AbiOf(string version)
    {
        if (version.Split('.') is not ["1", var minor, var patchAndTag]) return null;
        var digits = patchAndTag.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0) return null;
        var patch = int.Parse(patchAndTag.AsSpan(0, digits), System.Globalization.CultureInfo.InvariantCulture);
        var preRelease = digits < patchAndTag.Length;
        return minor switch
        {
            "3" => RkllmAbi.V1_3,
            "2" when patch > 1 || (patch == 1 && !preRelease) => RkllmAbi.V1_2,
            _ => null,
        };
    }

    public static Result ScanFile(string path) => Scan(File.ReadAllBytes(path));

    public static Result Scan(ReadOnlySpan<byte> bytes)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var scannedUpTo = 0;
        for (var at = IndexOfMarker(bytes, 0); at >= 0; at = IndexOfMarker(bytes, at + Marker.Length))
        {
            var from = Math.Max(scannedUpTo, at - Window);
            var to = Math.Min(bytes.Length, at + Marker.Length + Window);
            if (from < to) CollectVersions(bytes, from, to, found);
            scannedUpTo = Math.Max(scannedUpTo, to);
        }
        if (found.Count == 0) return new Result(null, "no 1.x.y version string near an \"rkllm\" mention");

        var abis = found.Keys.Select(AbiOf).Distinct().Count();
        var listing = string.Join(", ", found.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} x{kv.Value}"));
        if (abis > 1) return new Result(null, $"conflicting versions near \"rkllm\": {listing}");
        return new Result(found.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key, listing);
    }

    private static int IndexOfMarker(ReadOnlySpan<byte> bytes, int start)
    {
        for (var i = start; i <= bytes.Length - Marker.Length; i++)
        {
            var j = 0;
            while (j < Marker.Length && (bytes[i + j] | 0x20) == Marker[j]) j++;
            if (j == Marker.Length) return i;
        }
        return -1;
    }

    /// <summary>Collects "1.m.p" tokens not embedded in a longer dotted number (so "11.2.3" or "1.2.3.4" do not count).</summary>
    private static void CollectVersions(ReadOnlySpan<byte> bytes, int from, int to, Dictionary<string, int> found)
    {
        for (var i = from; i < to - 4; i++)
        {
            if (bytes[i] != (byte)'1' || bytes[i + 1] != (byte)'.') continue;
            if (i > 0 && IsDigit(bytes[i - 1])) continue;
            if (i > 1 && bytes[i - 1] == (byte)'.' && IsDigit(bytes[i - 2])) continue;
            var minorEnd = Digits(bytes, i + 2, to);
            if (minorEnd == i + 2 || minorEnd >= to || bytes[minorEnd] != (byte)'.') continue;
            var patchEnd = Digits(bytes, minorEnd + 1, to);
            if (patchEnd == minorEnd + 1) continue;
            if (patchEnd < bytes.Length && IsDigit(bytes[patchEnd])) continue;
            if (patchEnd + 1 < bytes.Length && bytes[patchEnd] == (byte)'.' && IsDigit(bytes[patchEnd + 1])) continue;
            var tagEnd = patchEnd;
            while (tagEnd < to && tagEnd - patchEnd < 8 && (IsDigit(bytes[tagEnd]) || (bytes[tagEnd] | 0x20) is >= (byte)'a' and <= (byte)'z')) tagEnd++;
            var version = Encoding.ASCII.GetString(bytes[i..tagEnd]);
            found[version] = found.GetValueOrDefault(version) + 1;
            i = patchEnd - 1;
        }
    }

    private static int Digits(ReadOnlySpan<byte> bytes, int start, int to)
    {
        var end = start;
        while (end < to && end - start < 4 && IsDigit(bytes[end])) end++;
        return end;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
