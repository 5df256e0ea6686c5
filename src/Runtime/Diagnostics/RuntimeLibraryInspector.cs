using Nano.Runtime.Native.Internal;

namespace Nano.Runtime.Diagnostics;

/// <summary>What can be learnt about a librkllmrt.so without loading it.</summary>
public sealed record RuntimeLibraryFacts(string Path, bool Exists, bool Readable, string? ElfMachine, string? Version, RkllmAbi? Abi, bool IsEmulator);

/// <summary>
/// Inspects a runtime library file without loading it: ELF machine (an aarch64 library cannot load on x86_64) and
/// the runtime version embedded in it (found by the native binding's own scanner), which tells the ABI generation.
/// </summary>
public static class RuntimeLibraryInspector
{
    public static RuntimeLibraryFacts Inspect(string path)
    {
        if (!File.Exists(path)) return new(path, false, false, null, null, null, false);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new(path, true, false, null, null, null, false); }

        var scan = RuntimeVersionScanner.Scan(bytes);
        var emulator = bytes.AsSpan().IndexOf("-nano-emulator"u8) >= 0;
        return new(path, true, true, ElfMachine(bytes), scan.Version, scan.Abi, emulator);
    }

    private static string? ElfMachine(byte[] b)
    {
        if (b.Length < 20 || b[0] != 0x7F || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F') return null;
        var machine = BitConverter.ToUInt16(b, 18);
        return machine switch { 0x3E => "x86_64", 0xB7 => "aarch64", 0x28 => "arm", _ => $"0x{machine:x}" };
    }
}
