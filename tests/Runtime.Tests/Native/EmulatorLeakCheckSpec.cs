using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>
/// The emulator's C smoke test (every entry point, both ABIs, leak_kb_per_token included) under valgrind memcheck:
/// no definite or indirect leak and no invalid access. Forked crash/hang children are silenced: they exit on purpose
/// with threads and blocks alive. (LeakSanitizer covers the same ground with `make -C native asan-check`.)
/// </summary>
public sealed class EmulatorLeakCheckSpec
{
    [ValgrindFact]
    public void The_emulator_smoke_test_runs_clean_under_valgrind_for_both_ABIs()
    {
        var native = Path.Combine(RepoRoot.Path, "native");
        Gcc.Run("make", "-C", native, "-s", "build/v13/emu_smoke", "build/v12/emu_smoke");

        foreach (var abi in new[] { "v13", "v12" })
        {
            // A failure throws with valgrind's report (stderr); exit code 1 means memcheck found an error or a leak.
            var output = Gcc.Run(ValgrindFactAttribute.Valgrind, "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
                "--error-exitcode=1", "--child-silent-after-fork=yes", "-q", Path.Combine(native, "build", abi, "emu_smoke"));
            Assert.Contains("all checks passed", output);
        }
    }
}

/// <summary>Skips (with the reason) where valgrind is not installed; the leak check needs nothing else but make and gcc.</summary>
public sealed class ValgrindFactAttribute : FactAttribute
{
    public const string Valgrind = "/usr/bin/valgrind";

    public ValgrindFactAttribute()
    {
        if (!File.Exists(Valgrind)) Skip = $"valgrind is not installed ({Valgrind}); apt-get install valgrind, or run `make -C native asan-check` (LeakSanitizer)";
    }
}
