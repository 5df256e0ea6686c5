using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nano.Runtime.Sim.Internal;

namespace Nano.Runtime.Sim;

/// <summary>
/// The simulated NPU runtime: handles behave like rkllm handles (callbacks, pause, abort, KV cache, batching) with
/// timings calibrated from Rockchip's benchmark table and lorem-ipsum output. Never real inference: its
/// <see cref="RuntimeInfo"/> says Simulated and every handle logs that it is simulated.
/// The model path is sim://&lt;profile&gt; or a JSON profile file (see <see cref="SimProfiles"/>), or sim://zero for a
/// <see cref="ZeroLatencyRuntime"/> handle (no board time, no board memory: for measuring nano's own overhead).
/// </summary>
public sealed class SimulatedRuntime : IRkllmRuntime
{
    public const string Version = "sim-1.0 (calibrated: rknn-llm v1.3.0 benchmark table)";

    private readonly ILogger logger;
    private readonly int seed;
    private readonly ZeroLatencyRuntime zero;

    /// <summary>A runtime on its own board of type <see cref="RuntimeSpec.Board"/>, seeded with <see cref="RuntimeSpec.Seed"/>.</summary>
    public SimulatedRuntime(RuntimeSpec spec, ILogger? logger = null, SimClock? clock = null)
        : this(new SimulatedBoard(CheckKind(spec).Board, clock: clock), logger, spec.Seed, spec.Abi)
    {
    }

    /// <summary>A runtime on a given (possibly shared) board: all handles of all runtimes on it share its NPU and memory.</summary>
    public SimulatedRuntime(SimulatedBoard board, ILogger? logger = null, int seed = 0, RkllmAbi abi = RkllmAbi.V1_3)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (!Enum.IsDefined(abi)) throw new ArgumentOutOfRangeException(nameof(abi), abi, "unknown ABI");
        Board = board;
        this.logger = logger ?? NullLogger.Instance;
        this.seed = seed;
        zero = new ZeroLatencyRuntime(abi);
        Info = new RuntimeInfo(RuntimeKind.Simulated, abi, Version, $"managed simulated NPU ({board.BoardType})", Isolated: false);
    }

    public RuntimeInfo Info { get; }

    public SimulatedBoard Board { get; }

    public RkllmParams CreateDefaultParams(string modelPath) => new() { ModelPath = modelPath };

    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null)
    {
        const string fn = "rkllm_init";
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.MaxContextLen <= 0) throw new RkllmException(fn, -1, "max_context_len must be positive");
        if (parameters.Extend is null || parameters.Extend.NBatch is < 1 or > byte.MaxValue)
            throw new RkllmException(fn, -1, "n_batch must be between 1 and 255");
        if (parameters.NKeep < 0 || parameters.NKeep >= parameters.MaxContextLen)
            throw new RkllmException(fn, -1, "n_keep must be in [0, max_context_len)");
        if (Info.Abi == RkllmAbi.V1_2 && parameters.IgnoreEosToken)
            throw new RkllmException(fn, -1, "ignore_eos_token needs the v1.3 ABI");
        if (ZeroLatencyRuntime.Serves(parameters.ModelPath)) return zero.Init(parameters, options);

        var profile = SimModelSpec.Resolve(parameters.ModelPath, Board.BoardType);
        if (!Board.TryReserveMemory(profile.MemoryMb, out var free))
            throw new RkllmException(fn, -1,
                $"simulated {Board.BoardType} has {free:0.##} MB free of {Board.MemoryCapacityMb:0} MB; {profile.Name} needs {profile.MemoryMb:0.##} MB");
        try
        {
            var info = Info with { Library = $"managed simulated NPU ({Board.BoardType}, profile {profile.Name})" };
            var handle = new SimulatedHandle(info, Board, profile, parameters, options ?? RkllmInitOptions.None, seed, logger);
            SimLog.HandleCreated(logger, profile, Board.BoardType, parameters.Extend.NBatch, parameters.MaxContextLen,
                Board.UsedMemoryMb, Board.MemoryCapacityMb, Board.Clock.TimeScale);
            return handle;
        }
        catch
        {
            Board.ReleaseMemory(profile.MemoryMb);
            throw;
        }
    }

    private static RuntimeSpec CheckKind(RuntimeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind == RuntimeKind.Simulated
            ? spec
            : throw new ArgumentException($"SimulatedRuntime needs RuntimeKind.Simulated, not {spec.Kind}", nameof(spec));
    }
}
