using System.Text;
using System.Text.RegularExpressions;

namespace Nano.Runtime.Diagnostics;

/// <summary>What can be learnt about a librkllmrt.so without loading it.</summary>
public sealed record RuntimeLibraryFacts(string Path, bool Exists, bool Readable, string? ElfMachine, string? Version, RkllmAbi? Abi, bool IsEmulator);

/// <summary>
/// Inspects a runtime library file: ELF machine (an aarch64 library cannot load on x86_64) and the runtime
/// version string embedded in it, which tells the ABI generation (1.3.x vs 1.2.x).
/// </summary>
public static partial class RuntimeLibraryInspector
{
    [GeneratedRegex(@"(?<![0-9.])1\.([0-9])\.([0-9]+)(?:-nano-emulator)?(?![0-9])")]
    private static partial Regex VersionPattern();

    public static RuntimeLibraryFacts Inspect(string path)
    {
        if (!File.Exists(path)) return new(path, false, false, null, null, null, false);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new(path, true, false, null, null, null, false); }

        var machine = ElfMachine(bytes);
        var (version, emulator) = FindVersion(bytes);
        return new(path, true, true, machine, version, AbiOf(version), emulator);
    }

    /// <summary>Maps a runtime version to its ABI generation: 1.3.x → V1_3, 1.2.x → V1_2, anything else unknown.</summary>
    public static RkllmAbi? AbiOf(string? version)
    {
        if (version is null) return null;
        if (version.StartsWith("1.3.", StringComparison.Ordinal)) return RkllmAbi.V1_3;
        if (version.StartsWith("1.2.", StringComparison.Ordinal)) return RkllmAbi.V1_2;
        return null;
    }

    private static string? ElfMachine(byte[] b)
    {
        if (b.Length < 20 || b[0] != 0x7F || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F') return null;
        var machine = BitConverter.ToUInt16(b, 18);
        return machine switch { 0x3E => "x86_64", 0xB7 => "aarch64", 0x28 => "arm", _ => $"0x{machine:x}" };
    }

    // Looks for the version near a "rkllm" marker first, so unrelated version-like strings (e.g. glibc) lose.
    private static (string? Version, bool Emulator) FindVersion(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var emu = Regex.Match(text, @"1\.[0-9]\.[0-9]+-nano-emulator");
        if (emu.Success) return (emu.Value.Replace("-nano-emulator", ""), true);
        foreach (Match marker in Regex.Matches(text, "rkllm", RegexOptions.IgnoreCase))
        {
            var start = Math.Max(0, marker.Index - 256);
            var window = text.Substring(start, Math.Min(512, text.Length - start));
            var m = VersionPattern().Match(window);
            if (m.Success && m.Groups[1].Value is "0" or "1" or "2" or "3") return (m.Value, false);
        }
        return (null, false);
    }
}
