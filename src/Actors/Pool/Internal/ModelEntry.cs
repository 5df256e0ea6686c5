using System.Diagnostics;
using Akka.Actor;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Pool.Internal;

/// <summary>The pool's state for one configured model: its queue, handles, faults and throughput.</summary>
internal sealed class ModelEntry(ModelDefinition definition, int queueCapacity)
{
    /// <summary>Guess of one run's service time before any run has finished, for retry_after estimates.</summary>
    private const double InitialServiceMs = 500;
    private static readonly TimeSpan MinRetryAfter = TimeSpan.FromMilliseconds(50);

    private readonly Queue<long> _faults = new();
    private double? _serviceEwmaMs;

    public ModelDefinition Definition { get; } = definition;
    public string Name => Definition.Name;
    public RequestQueue Queue { get; } = new(queueCapacity);
    public List<HandleSlot> Handles { get; } = [];
    public RuntimeInfo? Runtime { get; set; }
    public string? FailureReason { get; private set; }
    public bool IsFailed => FailureReason is not null;
    /// <summary>A faulted handle is waiting out its backoff; no new handle starts meanwhile.</summary>
    public bool RestartPending { get; set; }
    /// <summary>LoadModel senders waiting for a handle to become ready.</summary>
    public List<IActorRef> PendingLoads { get; } = [];
    /// <summary>UnloadModel senders waiting for the last handle to stop.</summary>
    public List<IActorRef> PendingUnloads { get; } = [];

    // Loops over the list (no boxed enumerator): both are read for every request.
    public int LiveInstances
    {
        get
        {
            var live = 0;
            foreach (var h in Handles)
                if (h.IsLive)
                    live++;
            return live;
        }
    }

    public int LoadingInstances
    {
        get
        {
            var loading = 0;
            foreach (var h in Handles)
                if (h.State == SlotState.Loading)
                    loading++;
            return loading;
        }
    }

    /// <summary>Exponentially weighted service time: recent runs dominate, one outlier does not.</summary>
    public void ObserveServiceTime(TimeSpan serviceTime)
    {
        if (serviceTime <= TimeSpan.Zero)
            return;
        var ms = serviceTime.TotalMilliseconds;
        _serviceEwmaMs = _serviceEwmaMs is { } ewma ? 0.8 * ewma + 0.2 * ms : ms;
    }

    /// <summary>When the queue should have room again: service time × waiting requests / concurrent runs.</summary>
    public TimeSpan EstimateRetryAfter()
    {
        var lanes = Math.Max(1, Handles.Where(h => h.IsLive).Sum(h => h.Capacity));
        var ms = (_serviceEwmaMs ?? InitialServiceMs) * Math.Max(1, Queue.Count) / lanes;
        var estimate = TimeSpan.FromMilliseconds(ms);
        return estimate < MinRetryAfter ? MinRetryAfter : estimate;
    }

    /// <summary>Records a fault and returns how many fell within the window.</summary>
    public int RecordFault(TimeSpan window)
    {
        _faults.Enqueue(Stopwatch.GetTimestamp());
        return FaultsWithin(window);
    }

    public int FaultsWithin(TimeSpan window)
    {
        while (_faults.Count > 0 && Stopwatch.GetElapsedTime(_faults.Peek()) > window)
            _faults.Dequeue();
        return _faults.Count;
    }

    public void MarkFailed(string reason) => FailureReason = reason;

    /// <summary>An operator's LoadModel gives a failed model a fresh start.</summary>
    public void Reset()
    {
        FailureReason = null;
        _faults.Clear();
    }

    public ModelStatus ToStatus()
    {
        var state = IsFailed ? ModelState.Failed
            : Handles.Any(h => h.State == SlotState.Ready) ? ModelState.Ready
            : Handles.Any(h => h.State == SlotState.Loading) ? ModelState.Loading
            : ModelState.Unloaded;
        return new ModelStatus(
            Name,
            state,
            Runtime?.ToString() ?? Definition.Runtime.Kind.ToString().ToLowerInvariant(),
            Runtime?.IsSimulated ?? Definition.Runtime.Kind == RuntimeKind.Simulated,
            Handles.Select(h => h.ToStatus()).ToList(),
            Queue.Count,
            Definition.MaxInstances,
            Handles.Sum(h => h.MemoryMb),
            FailureReason);
    }
}
