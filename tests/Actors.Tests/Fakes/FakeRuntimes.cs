using System.Collections.Concurrent;
using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Tests.Fakes;

/// <summary>The node-wide runtime provider for specs: one <see cref="FakeRuntime"/> per model, found by library path.</summary>
public sealed class FakeRuntimes
{
    private readonly ConcurrentDictionary<string, IRkllmRuntime> _byLibrary = new();

    public Func<RuntimeSpec, IRkllmRuntime> Provider => spec =>
        _byLibrary.TryGetValue(spec.LibraryPath ?? "", out var runtime)
            ? runtime
            : throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"no fake runtime for {spec.LibraryPath}");

    /// <summary>A model served by a fresh fake runtime of its own.</summary>
    public (ModelDefinition Model, FakeRuntime Runtime) Model(string name, Func<ModelDefinition, ModelDefinition>? configure = null)
    {
        var runtime = new FakeRuntime(name);
        var model = Model(name, runtime, configure);
        return (model, runtime);
    }

    /// <summary>A model served by the given runtime (the sim or the emulator, for instance).</summary>
    public ModelDefinition Model(string name, IRkllmRuntime runtime, Func<ModelDefinition, ModelDefinition>? configure = null)
    {
        var library = $"fake://{name}";
        _byLibrary[library] = runtime;
        var model = new ModelDefinition
        {
            Name = name,
            Path = $"/models/{name}.rkllm",
            Runtime = new RuntimeSpec { Kind = RuntimeKind.Emulator, LibraryPath = library },
            MemoryLimitMb = 1024,
        };
        return configure is null ? model : configure(model);
    }
}
