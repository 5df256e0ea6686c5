using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// Decides at load whether a library speaks the configured ABI, before any struct crosses the boundary: the
/// emulator says so through nano_emu_abi; the vendor library's version string is scanned for. A known mismatch is
/// an <see cref="RuntimeFaultKind.AbiMismatch"/> fault; an unknown version is logged and trusted.
/// </summary>
internal static unsafe class AbiProbe
{
    public static string Name(RkllmAbi abi) => abi == RkllmAbi.V1_3 ? "v1.3" : "v1.2";

    public static RuntimeInfo Verify(RkllmLibrary library, RkllmAbi expected, ILogger logger)
    {
        var kind = library.IsEmulator ? RuntimeKind.Emulator : RuntimeKind.Native;
        var emulatorVersion = library.EmuVersion != null ? Marshal.PtrToStringUTF8(library.EmuVersion()) : null;

        if (library.EmuAbi != null)
        {
            var number = library.EmuAbi();
            var version = emulatorVersion ?? $"abi {number}";
            if (number != (int)expected)
            {
                var found = Enum.IsDefined((RkllmAbi)number) ? Name((RkllmAbi)number) : $"unknown abi {number}";
                throw Mismatch(library.Path, $"{version} ({found})", expected);
            }
            return new RuntimeInfo(kind, expected, version, library.Path, false);
        }

        var scan = RuntimeVersionScanner.ScanFile(library.Path);
        if (scan.Version is null)
        {
            logger.LogWarning("Could not determine the rkllm runtime version of {Library} ({Evidence}); trusting the configured ABI {Abi}",
                library.Path, scan.Evidence, Name(expected));
        }
        else if (scan.Abi != expected)
        {
            var found = scan.Abi is { } abi ? Name(abi) : "an ABI nano does not support (v1.2 means 1.2.1 or later, v1.3 means 1.3.x)";
            throw Mismatch(library.Path, $"{scan.Version} ({found})", expected);
        }
        return new RuntimeInfo(kind, expected, emulatorVersion ?? scan.Version ?? "unknown", library.Path, false);
    }

    private static RuntimeFaultException Mismatch(string path, string found, RkllmAbi expected) =>
        new(RuntimeFaultKind.AbiMismatch,
            $"{path} is runtime {found} but the model is configured for ABI {Name(expected)}; loading it would corrupt memory");
}
