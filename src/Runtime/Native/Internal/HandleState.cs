using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// The per-handle object behind the init-level userdata (v1.3 result_userdata, tokenizer/embed userdata): the
/// optional v1.3 callbacks, and the bookkeeping of runs. Runs are tracked here so the result callback can fall
/// back to the current run when a runtime passes result_userdata instead of the run's userdata, so IsRunning does
/// not depend on rkllm_is_running (whose return value v1.2.x documents inversely), and so Dispose can free what
/// a run left behind.
/// </summary>
internal sealed class HandleState
{
    private readonly Lock _gate = new();
    private readonly HashSet<RunContext> _live = [];
    private List<RunContext> _parked = [];
    private RunContext? _current;
    private int _running;

    public HandleState(IAbiMarshaller marshaller, ILogger logger, IRkllmTokenizer? tokenizer, IRkllmEmbedder? embedder)
    {
        Marshaller = marshaller;
        Logger = logger;
        Tokenizer = tokenizer;
        Embedder = embedder;
    }

    public IAbiMarshaller Marshaller { get; }
    public ILogger Logger { get; }
    public IRkllmTokenizer? Tokenizer { get; }
    public IRkllmEmbedder? Embedder { get; }

    /// <summary>Set by the handle: asks for rkllm_abort off the callback thread (after a sink threw).</summary>
    public Action? AbortRequested { get; set; }

    public bool AnyRunning => Volatile.Read(ref _running) > 0;

    /// <summary>Runs whose memory is still held (running, or paused awaiting their resumption).</summary>
    public int LiveCount
    {
        get { lock (_gate) return _live.Count; }
    }

    public RunContext? Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>Registers a run that is about to start. Paused async runs are handed to it to free when it ends,
    /// because a resumed run continues their sequence.</summary>
    public RunContext Start(IRkllmResultSink sink, NativeAllocations memory, nint input, nint infer, bool isAsync)
    {
        lock (_gate)
        {
            var context = new RunContext(this, sink, memory, input, infer, isAsync, _parked);
            _parked = [];
            _live.Add(context);
            _current = context;
            Interlocked.Increment(ref _running);
            return context;
        }
    }

    internal void Stopped() => Interlocked.Decrement(ref _running);

    internal void Park(RunContext context) => Park([context]);

    internal void Park(IEnumerable<RunContext> contexts)
    {
        lock (_gate)
        {
            foreach (var context in contexts)
            {
                if (_live.Contains(context) && !_parked.Contains(context)) _parked.Add(context);
            }
        }
    }

    internal void Forget(RunContext context)
    {
        lock (_gate)
        {
            _live.Remove(context);
            _parked.Remove(context);
            if (_current == context) _current = null;
        }
    }

    /// <summary>After rkllm_destroy: no callback can come any more, so every run's memory goes.</summary>
    public void ReleaseAll()
    {
        RunContext[] remaining;
        lock (_gate) remaining = [.. _live];
        foreach (var context in remaining) context.Release();
    }

    /// <summary>Resolves a callback's userdata: a run context, or this state (fallback to the current run).</summary>
    public static RunContext? ResolveRun(nint userdata) =>
        userdata == 0 ? null : GCHandle.FromIntPtr(userdata).Target switch
        {
            RunContext run => run,
            HandleState state => state.Current,
            _ => null,
        };
}
