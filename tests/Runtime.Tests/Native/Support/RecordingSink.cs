using System.Collections.Concurrent;

namespace Nano.Runtime.Tests.Native.Support;

/// <summary>
/// Records every callback with the thread it arrived on, completes <see cref="Ended"/> on Finish/Error, and lets a
/// test decide the answer per callback (pause after N tokens, throw, ...).
/// </summary>
internal sealed class RecordingSink(Func<RkllmResult, int, RkllmCallbackAction>? decide = null) : IRkllmResultSink
{
    private readonly ConcurrentQueue<(RkllmResult Result, int ThreadId)> _calls = new();
    private readonly TaskCompletionSource<RkllmResult> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _normal;

    public Task<RkllmResult> Ended => _ended.Task;
    public IReadOnlyList<RkllmResult> Results => _calls.Select(c => c.Result).ToList();
    public IReadOnlyList<int> ThreadIds => _calls.Select(c => c.ThreadId).ToList();
    public int NormalCount => Volatile.Read(ref _normal);

    /// <summary>Concatenated text of the Normal callbacks.</summary>
    public string Text => string.Concat(Results.Where(r => r.State == RkllmCallState.Normal).Select(r => r.Text));

    public RkllmCallbackAction OnResult(RkllmResult result)
    {
        _calls.Enqueue((result, Environment.CurrentManagedThreadId));
        var normal = result.State == RkllmCallState.Normal ? Interlocked.Increment(ref _normal) : Volatile.Read(ref _normal);
        var action = decide?.Invoke(result, normal) ?? RkllmCallbackAction.Continue;
        if (result.State is RkllmCallState.Finish or RkllmCallState.Error) _ended.TrySetResult(result);
        return action;
    }

    public Task<RkllmResult> WaitEnded() => Ended.WaitAsync(Emulator.Timeout);
}
