using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Handles;

/// <summary>Everything a handle actor needs, decided by the pool (id, memory domain) and the node (runtimes).</summary>
public sealed record HandleSetup(
    int HandleId,
    ModelDefinition Model,
    int DomainId,
    string NodeName,
    Func<RuntimeSpec, IRkllmRuntime> Runtimes);

// ---- pool -> handle ----

/// <summary>Run one accepted request. The ticket carries cancellation, the timeout and the final-answer guard.</summary>
/// <param name="KeepHistory">keep_history for this run (session requests).</param>
/// <param name="ClearHistoryFirst">The handle switches to a new session: clear the KV cache before running.</param>
public sealed record RunRequest(GenerateRequest Request, RunTicket Ticket, bool KeepHistory, bool ClearHistoryFirst);

/// <summary>Apply a model command on the handle's thread; answered with <see cref="HandleCommandDone"/>.</summary>
public sealed record HandleCommand(ModelCommand Command);

public sealed record HandleCommandDone(int HandleId, bool Ok, string Message)
{
    public IReadOnlyDictionary<string, string>? Values { get; init; }
}

/// <summary>Finish the runs in flight, then stop (unload, idle timeout, eviction).</summary>
public sealed record DrainHandle
{
    public static readonly DrainHandle Instance = new();
}

// ---- handle -> pool ----

/// <summary>rkllm_init succeeded and the model's adapters and templates are applied.</summary>
public sealed record HandleReady(int HandleId, RuntimeInfo Runtime);

/// <summary>A run ended (its final answer is sent): the handle has room for one more.</summary>
public sealed record RunFinished(int HandleId, string RequestId, TimeSpan ServiceTime);

/// <summary>The runtime failed (init, a dead child, an unexpected exception); the handle stops itself after this.</summary>
public sealed record HandleFaulted(int HandleId, string Reason);
