namespace Nano.Runtime.Tests.Native.Support;

/// <summary>
/// Builds a tiny stand-in for a vendor librkllmrt.so with gcc: the core exports (never called) and a version banner
/// like the vendor's, but no nano_emu_* probes, so loading it exercises the version-scan path of the ABI check.
/// </summary>
internal static class StubLibrary
{
    private static readonly string[] Core =
        ["rkllm_createDefaultParam", "rkllm_init", "rkllm_destroy", "rkllm_run", "rkllm_run_async", "rkllm_abort", "rkllm_is_running"];

    public static string Build(TempDir dir, string banner, IEnumerable<string>? exports = null)
    {
        var source = $$"""
            const char* stub_banner(void) { return "{{banner}}"; }
            {{string.Concat((exports ?? Core).Select(e => $"int {e}(void) {{ return -1; }}\n"))}}
            """;
        var c = dir.File("stub.c", source);
        var so = dir.PathOf("librkllmrt.so");
        Gcc.Run(Gcc.Compiler, "-shared", "-fPIC", "-O0", "-o", so, c);
        return so;
    }
}
