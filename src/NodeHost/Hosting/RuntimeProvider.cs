using System.Collections.Concurrent;
using Nano.Runtime;

namespace Nano.NodeHost.Hosting;

/// <summary>
/// The pool's runtime factory: one runtime object per distinct <see cref="RuntimeSpec"/> (a library is loaded once
/// however many models use it), created on first use so a node with only simulated models never touches a library.
/// </summary>
public sealed class RuntimeProvider
{
    private readonly ConcurrentDictionary<RuntimeSpec, Lazy<IRkllmRuntime>> _runtimes = new();

    public IRkllmRuntime Get(RuntimeSpec spec) => _runtimes.GetOrAdd(spec, s => new Lazy<IRkllmRuntime>(() => Create(s))).Value;

    private static IRkllmRuntime Create(RuntimeSpec spec) => spec.Kind switch
    {
        _ => throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"runtime {spec.Kind} is not part of this build"),
    };
}
