namespace Nano.Runtime;

/// <summary>
/// Which runtime a model uses: kind, ABI, library and isolation. Chosen per model (models.json), because
/// boards in the field run both ABIs and users pin runtime versions per model.
/// </summary>
public sealed record RuntimeSpec
{
    public RuntimeKind Kind { get; init; } = RuntimeKind.Simulated;
    public RkllmAbi Abi { get; init; } = RkllmAbi.V1_3;
    /// <summary>Path of librkllmrt.so (native) or of the emulator build (emulator); null picks the default for the kind.</summary>
    public string? LibraryPath { get; init; }
    /// <summary>Run the handle in a child process that owns the library. Default for native.</summary>
    public bool Isolated { get; init; }
    /// <summary>Simulated NPU only: board type (rk3588, rk3576).</summary>
    public string Board { get; init; } = "rk3588";
    /// <summary>Simulated NPU only: seed for deterministic output.</summary>
    public int Seed { get; init; }
    /// <summary>Isolated only: overrides the node's hang watchdog (IsolationOptions.HangTimeout) for this model; null keeps it.</summary>
    public TimeSpan? HangTimeout { get; init; }
    /// <summary>
    /// Isolated only: the child's resident memory (VmRSS) limit in MB, overriding the node's
    /// (IsolationOptions.MemoryLimitMb); 0 turns it off for this model, null keeps the node's.
    /// </summary>
    public long? RssLimitMb { get; init; }

    public static RuntimeSpec Sim { get; } = new();
}
