using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nano.Actors.Configuration;
using Nano.NodeHost.Cli;
using Nano.NodeHost.Configuration;
using Nano.Runtime;
using Nano.Runtime.Isolation;
using Nano.Runtime.Native;
using Nano.Runtime.Sim;

namespace Nano.NodeHost.Hosting;

/// <summary>
/// The pool's runtime factory: one runtime object per distinct <see cref="RuntimeSpec"/> (a library is loaded once
/// however many models use it), created on first use so a node with only simulated models never touches a library.
/// Called on handle threads; a failure is the handle's init fault, reported to the pool with its reason.
/// </summary>
public sealed class RuntimeProvider(ILoggerFactory loggers, NodeConfiguration node)
{
    // The node's isolation limits; each model's RuntimeSpec may override them (IsolatedRuntime applies those).
    private readonly IsolationOptions _isolation = IsolationOptions.Default with
    {
        HangTimeout = node.Pool.Isolation.HangTimeout,
        MemoryLimitMb = node.Pool.Isolation.RssLimitMb,
        MemoryPollInterval = node.Pool.Isolation.RssPollInterval,
    };

    private readonly ConcurrentDictionary<RuntimeSpec, Lazy<IRkllmRuntime>> _runtimes = new();
    private readonly ConcurrentDictionary<string, Lazy<SimulatedBoard>> _boards = new();

    public IRkllmRuntime Get(RuntimeSpec spec) => _runtimes.GetOrAdd(spec, s => new Lazy<IRkllmRuntime>(() => Create(s))).Value;

    private IRkllmRuntime Create(RuntimeSpec spec) => spec switch
    {
        { Kind: RuntimeKind.Simulated } => Simulated(spec),
        { Isolated: true } => new IsolatedRuntime(spec, _isolation, loggers.CreateLogger<IsolatedRuntime>()),
        _ => new NativeRuntime(spec.Abi, LibraryOf(spec), loggers.CreateLogger<NativeRuntime>()),
    };

    // One simulated board per board type and node: every simulated model shares its NPU and memory, as models on
    // a real board do, so concurrent handles divide the throughput instead of each getting a whole NPU.
    private IRkllmRuntime Simulated(RuntimeSpec spec)
    {
        var board = _boards.GetOrAdd(spec.Board, type => new Lazy<SimulatedBoard>(() => new SimulatedBoard(type))).Value;
        return new SimulatedRuntime(board, loggers.CreateLogger<SimulatedRuntime>(), spec.Seed, spec.Abi);
    }

    // models.json fills library_path in; these are the fallbacks when it could not (no emulator build found).
    internal static string LibraryOf(RuntimeSpec spec) => spec.LibraryPath
        ?? (spec.Kind == RuntimeKind.Native ? ModelsConfigOptions.NativeLibraryDefault : EmulatorLocator.Find(spec.Abi))
        ?? throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing,
            $"the emulator build for ABI {spec.Abi} was not found (the test command builds native/); set library_path");
}
