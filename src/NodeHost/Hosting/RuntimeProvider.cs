using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nano.Runtime;
using Nano.Runtime.Isolation;

namespace Nano.NodeHost.Hosting;

/// <summary>
/// The pool's runtime factory: one runtime object per distinct <see cref="RuntimeSpec"/> (a library is loaded once
/// however many models use it), created on first use so a node with only simulated models never touches a library.
/// </summary>
public sealed class RuntimeProvider(ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<RuntimeSpec, Lazy<IRkllmRuntime>> _runtimes = new();

    public IRkllmRuntime Get(RuntimeSpec spec) => _runtimes.GetOrAdd(spec, s => new Lazy<IRkllmRuntime>(() => Create(s))).Value;

    private IRkllmRuntime Create(RuntimeSpec spec) =>
        spec.Isolated && spec.Kind != RuntimeKind.Simulated
            ? new IsolatedRuntime(spec, IsolationOptions.Default, loggers.CreateLogger<IsolatedRuntime>())
            : InProcess(spec);

    /// <summary>A runtime in this process, for the node's non-isolated models.</summary>
    public static IRkllmRuntime InProcess(RuntimeSpec spec) => spec.Kind switch
    {
        _ => throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"runtime {spec.Kind} is not part of this build"),
    };
}
