using Nano.Runtime.Native;

namespace Nano.Runtime.Tests.Native.Support;

/// <summary>
/// Where the C emulator builds live and how to script it: test output (emulator/vNN/librkllmrt.so, copied by
/// native/Native.targets) first, then native/build/vNN. A missing build fails the test with the command to run.
/// NANO_EMULATOR_BUILD selects a sanitizer build instead.
/// </summary>
internal static class Emulator
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static RkllmAbi Abi(int abi) => abi == 12 ? RkllmAbi.V1_2 : RkllmAbi.V1_3;

    public static string Library(int abi)
    {
        // NANO_EMULATOR_BUILD=asan (or tsan) runs the tests against native/build/asan-vNN (preload the sanitizer runtime).
        if (Environment.GetEnvironmentVariable("NANO_EMULATOR_BUILD") is { Length: > 0 } variant)
            return Path.Combine(RepoRoot.Path, "native", "build", $"{variant}-v{abi}", "librkllmrt.so");
        var copied = Path.Combine(AppContext.BaseDirectory, "emulator", $"v{abi}", "librkllmrt.so");
        if (File.Exists(copied)) return copied;
        var built = Path.Combine(RepoRoot.Path, "native", "build", $"v{abi}", "librkllmrt.so");
        if (File.Exists(built)) return built;
        throw new InvalidOperationException($"the v{abi} emulator is not built: run 'make -C native' (looked at {copied} and {built})");
    }

    public static NativeRuntime Runtime(int abi) => new(Abi(abi), Library(abi));

    /// <summary>Init parameters for an emulator model file with the given key=value lines.</summary>
    public static RkllmParams Params(TempDir dir, int maxNewTokens = 12, params string[] config) => new()
    {
        ModelPath = dir.File("model.rkllm", string.Join('\n', config)),
        MaxNewTokens = maxNewTokens,
    };
}

/// <summary>A temp folder deleted with the test.</summary>
internal sealed class TempDir : IDisposable
{
    public DirectoryInfo Info { get; } = Directory.CreateTempSubdirectory("nano-native-");

    public string File(string name, string content)
    {
        var path = Path.Combine(Info.FullName, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Info.FullName, name);

    public void Dispose() => Info.Delete(recursive: true);
}
