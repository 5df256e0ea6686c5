using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Hosting;

/// <summary>What the node's pool needs: settings, the validated models and the node-wide runtime provider.</summary>
/// <param name="Runtimes">Gives the runtime for a model's spec; called on the handle's pinned thread.</param>
/// <param name="NodeName">Reported in each request's <c>RunOrigin</c> and in pool snapshots.</param>
public sealed record NpuPoolOptions(
    PoolSettings Settings,
    IReadOnlyList<ModelDefinition> Models,
    Func<RuntimeSpec, IRkllmRuntime> Runtimes,
    string NodeName);
