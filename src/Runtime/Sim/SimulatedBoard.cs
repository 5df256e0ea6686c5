using Nano.Runtime.Sim.Internal;

namespace Nano.Runtime.Sim;

/// <summary>
/// One simulated board: its NPU and the memory models are loaded into. Every handle created on the board shares
/// them: the NPU is a single server (each prefill chunk or decode step of any handle occupies it exclusively,
/// first come first served), so adding handles divides the throughput instead of multiplying it.
/// </summary>
public sealed class SimulatedBoard
{
    private readonly object gate = new();
    private double usedMemoryMb;

    /// <param name="boardType">"rk3588" or "rk3576" (other types need an explicit capacity and explicit profiles).</param>
    /// <param name="memoryCapacityMb">Memory usable for models; default <see cref="DefaultMemoryCapacityMb"/>.</param>
    /// <param name="clock">Time base (and scale) shared by all handles on the board; default real time.</param>
    public SimulatedBoard(string boardType = "rk3588", double? memoryCapacityMb = null, SimClock? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(boardType);
        BoardType = boardType.Trim().ToLowerInvariant();
        MemoryCapacityMb = memoryCapacityMb ?? DefaultMemoryCapacityMb(BoardType)
            ?? throw new ArgumentException($"no default memory capacity for board '{boardType}'; pass memoryCapacityMb", nameof(boardType));
        if (!(MemoryCapacityMb > 0)) throw new ArgumentOutOfRangeException(nameof(memoryCapacityMb), "memory capacity must be positive");
        Clock = clock ?? new SimClock();
        Npu = new NpuScheduler(Clock);
    }

    public string BoardType { get; }
    public double MemoryCapacityMb { get; }
    public SimClock Clock { get; }

    public double UsedMemoryMb { get { lock (gate) return usedMemoryMb; } }
    public double FreeMemoryMb { get { lock (gate) return MemoryCapacityMb - usedMemoryMb; } }

    /// <summary>Simulated milliseconds the NPU has been reserved for so far, across all handles.</summary>
    public double NpuBusyMs => Npu.BusyMs;

    internal NpuScheduler Npu { get; }

    /// <summary>
    /// Assumed model memory of a typical board, minus about 1 GB for the OS: RK3588 16 GB boards, RK3576 8 GB boards.
    /// Null for other board types.
    /// </summary>
    public static double? DefaultMemoryCapacityMb(string boardType) => boardType.Trim().ToLowerInvariant() switch
    {
        "rk3588" => 15 * 1024,
        "rk3576" => 7 * 1024,
        _ => null,
    };

    internal bool TryReserveMemory(double mb, out double freeMb)
    {
        lock (gate)
        {
            freeMb = MemoryCapacityMb - usedMemoryMb;
            if (mb > freeMb) return false;
            usedMemoryMb += mb;
            return true;
        }
    }

    internal void ReleaseMemory(double mb)
    {
        lock (gate) usedMemoryMb = Math.Max(0, usedMemoryMb - mb);
    }

    public override string ToString() =>
        $"{BoardType} (memory {UsedMemoryMb:0}/{MemoryCapacityMb:0} MB, time scale {Clock.TimeScale})";
}
