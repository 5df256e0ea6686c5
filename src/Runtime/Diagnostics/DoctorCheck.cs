namespace Nano.Runtime.Diagnostics;

public enum DoctorStatus
{
    Ok,
    Info,
    Warn,
    Fail,
}

/// <summary>One line of the doctor's table.</summary>
public sealed record DoctorCheck(string Area, string Item, DoctorStatus Status, string Detail);

/// <summary>What the doctor should look at: the runtime libraries and model files a board is configured with.</summary>
public sealed record DoctorInputs
{
    public IReadOnlyList<DoctorLibrary> Libraries { get; init; } = [];
    public IReadOnlyList<DoctorModel> Models { get; init; } = [];
    /// <summary>Where the emulator build would be found, to report what would be used instead on a non-Rockchip machine.</summary>
    public string? EmulatorPath { get; init; }
}

public sealed record DoctorLibrary(string Path, RkllmAbi Abi);

/// <summary>A configured model: its file, the runtime it uses and the memory it needs (0 = estimate from file size).</summary>
public sealed record DoctorModel(string Name, string Path, RuntimeKind Runtime, long MemoryMb = 0);
