using System.Runtime.InteropServices;

namespace Nano.Runtime.Diagnostics;

/// <summary>
/// Checks a board the way users need when "the model gives no output": NPU driver, runtime libraries,
/// model files and memory. On a machine that is not a Rockchip board it says so and names the fallback.
/// </summary>
public sealed class BoardDoctor(BoardProbe probe)
{
    public IReadOnlyList<DoctorCheck> Run(DoctorInputs inputs)
    {
        var checks = new List<DoctorCheck>();
        var socs = probe.RockchipSocs();
        var onBoard = socs.Count > 0;
        var needsNpu = inputs.Models.Any(m => m.Runtime == RuntimeKind.Native);

        if (onBoard)
            checks.Add(new("board", "soc", DoctorStatus.Ok, string.Join(", ", socs)));
        else
            checks.Add(new("board", "soc", needsNpu ? DoctorStatus.Fail : DoctorStatus.Info,
                $"not a Rockchip board ({RuntimeInformation.OSArchitecture}); native models cannot run here. Would use instead: {Fallback(inputs)}"));

        if (onBoard || needsNpu)
        {
            var driver = probe.NpuDriverVersion();
            checks.Add(driver is null
                ? new("npu", "driver", DoctorStatus.Warn, "/sys/kernel/debug/rknpu/version unreadable (needs root and debugfs mounted)")
                : new("npu", "driver", DoctorStatus.Ok, driver));
            var nodes = probe.NpuDeviceNodes();
            checks.Add(nodes.Count == 0
                ? new("npu", "device", DoctorStatus.Fail, "no /dev/rknpu or /dev/dri/renderD12x node: the rknpu driver is not loaded or not mapped into this container")
                : new("npu", "device", DoctorStatus.Ok, string.Join(", ", nodes)));
        }

        foreach (var lib in inputs.Libraries) checks.Add(CheckLibrary(lib));
        foreach (var model in inputs.Models) checks.Add(CheckModel(model));
        checks.Add(CheckMemory(inputs.Models));
        return checks;
    }

    public static bool HasProblems(IEnumerable<DoctorCheck> checks) => checks.Any(c => c.Status == DoctorStatus.Fail);

    private static string Fallback(DoctorInputs inputs) =>
        inputs.EmulatorPath is { } emu && File.Exists(emu)
            ? $"the nano RKLLM emulator ({emu}) for the native path, or the simulated NPU (sim)"
            : "the simulated NPU (sim); the RKLLM emulator is built by the test command";

    private static DoctorCheck CheckLibrary(DoctorLibrary lib)
    {
        var facts = RuntimeLibraryInspector.Inspect(lib.Path);
        var item = $"librkllmrt ({(lib.Abi == RkllmAbi.V1_3 ? "v1.3" : "v1.2")})";
        if (!facts.Exists) return new("runtime", item, DoctorStatus.Fail, $"{lib.Path} does not exist");
        if (!facts.Readable) return new("runtime", item, DoctorStatus.Fail, $"{lib.Path} is not readable");
        var host = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64" : RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "x86_64" : "other";
        if (facts.ElfMachine is null) return new("runtime", item, DoctorStatus.Fail, $"{lib.Path} is not an ELF shared library");
        if (facts.ElfMachine != host) return new("runtime", item, DoctorStatus.Fail, $"{lib.Path} is built for {facts.ElfMachine}, this process is {host}");
        if (facts.Abi is { } abi && abi != lib.Abi)
            return new("runtime", item, DoctorStatus.Fail, $"{lib.Path} is runtime {facts.Version} but the model is configured for the other ABI");
        var kind = facts.IsEmulator ? "emulator " : "";
        return new("runtime", item, facts.Version is null ? DoctorStatus.Warn : DoctorStatus.Ok,
            facts.Version is null ? $"{lib.Path}: version string not found; ABI cannot be checked before load" : $"{kind}{facts.Version} at {lib.Path}");
    }

    private static DoctorCheck CheckModel(DoctorModel model)
    {
        if (model.Runtime == RuntimeKind.Simulated && model.Path.StartsWith("sim://", StringComparison.Ordinal))
            return new("model", model.Name, DoctorStatus.Info, $"simulated profile {model.Path}");
        if (!File.Exists(model.Path)) return new("model", model.Name, DoctorStatus.Fail, $"{model.Path} does not exist");
        try
        {
            using var s = File.OpenRead(model.Path);
            return new("model", model.Name, DoctorStatus.Ok, $"{model.Path} ({s.Length / (1024 * 1024)} MB, readable)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new("model", model.Name, DoctorStatus.Fail, $"{model.Path} is not readable: {e.Message}");
        }
    }

    private DoctorCheck CheckMemory(IReadOnlyList<DoctorModel> models)
    {
        var available = probe.MemAvailableMb();
        long need = models.Sum(m => m.MemoryMb > 0 ? m.MemoryMb : EstimateMb(m.Path));
        if (available is null) return new("memory", "available", DoctorStatus.Warn, "/proc/meminfo unreadable");
        if (need > available) return new("memory", "available", DoctorStatus.Fail, $"models need ~{need} MB, {available} MB available");
        return new("memory", "available", DoctorStatus.Ok, $"{available} MB available, models need ~{need} MB");
    }

    // A model file is mapped whole by the runtime, so its size is a fair lower bound of what it needs.
    private static long EstimateMb(string path) => File.Exists(path) ? new FileInfo(path).Length / (1024 * 1024) : 0;
}
