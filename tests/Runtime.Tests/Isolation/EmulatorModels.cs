namespace Nano.Runtime.Tests.Isolation;

/// <summary>Emulator model files (key=value scripts, see native/README.md) in a temp directory, and the emulator libraries.</summary>
internal sealed class EmulatorModels : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("nano-iso-models-");

    public string Plain => Write("plain", "");
    public string Slow => Write("slow", "token_delay_us=2000");
    public string CrashAfter3 => Write("crash", "crash_after_tokens=3");
    public string HangAfter2 => Write("hang", "hang_after_tokens=2");
    /// <summary>Keeps 4 MiB resident per token, a token every 2 ms (about 2 MB/ms while it runs).</summary>
    public string Leaky => Write("leaky", "leak_kb_per_token=4096\ntoken_delay_us=2000");

    public static string Library(RkllmAbi abi) =>
        Path.Combine(AppContext.BaseDirectory, "emulator", abi == RkllmAbi.V1_3 ? "v13" : "v12", "librkllmrt.so");

    public static RuntimeSpec Spec(RkllmAbi abi, RkllmAbi? library = null) =>
        new() { Kind = RuntimeKind.Emulator, Abi = abi, LibraryPath = Library(library ?? abi), Isolated = true };

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(dir.FullName, name + ".model");
        if (!File.Exists(path)) File.WriteAllText(path, content);
        return path;
    }
}
