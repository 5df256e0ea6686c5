using System.Collections.Concurrent;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// One run as the parent sees it: the reader thread posts events, and a pump (the Run caller's thread, or a
/// thread of its own for RunAsync) hands them to the sink, so a sink that calls back into the handle
/// (Abort, IsRunning) never blocks the reader.
/// </summary>
internal sealed class RunState(int id, IRkllmResultSink sink, bool sync)
{
    public enum EventKind { Callback, Done, Fault }

    public readonly record struct Event(EventKind Kind, int CallbackId = 0, RkllmResult? Result = null, Exception? Error = null);

    private readonly BlockingCollection<Event> events = new();

    public int Id { get; } = id;
    public IRkllmResultSink Sink { get; } = sink;
    /// <summary>rkllm_run (ends with the call's reply) rather than rkllm_run_async (ends with the last callback).</summary>
    public bool Sync { get; } = sync;

    public void Post(Event e)
    {
        try { events.Add(e); }
        catch (InvalidOperationException) { } // the pump already finished: nothing left to deliver to
    }

    public IEnumerable<Event> Events => events.GetConsumingEnumerable();

    public void Close() => events.CompleteAdding();
}
