using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Isolation;

/// <summary>
/// A runtime whose handles each live in a child process (NodeHost in handle-host mode) that owns the native
/// library, so a crash or hang in librkllmrt.so costs one handle, not the node. One child per handle.
/// </summary>
public sealed class IsolatedRuntime : IRkllmRuntime
{
    private readonly RuntimeSpec spec;
    private readonly IsolationOptions options;
    private readonly ILogger logger;
    private readonly Lock probeLock = new();
    private volatile RuntimeInfo? childInfo;
    private RkllmParams? defaults;

    public IsolatedRuntime(RuntimeSpec spec, IsolationOptions? options = null, ILogger<IsolatedRuntime>? logger = null)
    {
        this.spec = spec with { Isolated = true };
        this.options = (options ?? IsolationOptions.Default).For(spec);
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// The child runtime's info once a child has reported it (init or default parameters); until then the spec's
    /// kind and ABI with version "unknown".
    /// </summary>
    public RuntimeInfo Info => childInfo
        ?? new RuntimeInfo(spec.Kind, spec.Abi, "unknown", spec.LibraryPath ?? "(default)", Isolated: true);

    /// <summary>Asks a short-lived child once (the library's defaults do not depend on the model), then answers from that.</summary>
    public RkllmParams CreateDefaultParams(string modelPath)
    {
        lock (probeLock)
        {
            if (defaults is null)
            {
                using var session = ChildSession.Start(spec, options, logger);
                (childInfo, defaults) = session.DefaultParams(modelPath);
            }
            return defaults with { ModelPath = modelPath };
        }
    }

    /// <summary>Spawns a child, loads the model there, and returns the proxy.</summary>
    /// <exception cref="NotSupportedException">Tokenizer or embedder callbacks: they cannot cross the process boundary.</exception>
    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (options?.Tokenizer is not null || options?.Embedder is not null)
            throw new NotSupportedException("tokenizer and embedder callbacks are not supported for isolated handles");
        var session = ChildSession.Start(spec, this.options, logger);
        try
        {
            var info = session.Init(parameters);
            childInfo = info;
            logger.LogInformation("isolated handle for {Model} up: {Info}", parameters.ModelPath, info);
            return new IsolatedHandle(session.Channel, info, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
