using System.Collections.Concurrent;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>Records results; answers with <see cref="Decide"/>; signals the first token and the end of the run.</summary>
internal sealed class CollectingSink(Func<RkllmResult, RkllmCallbackAction>? decide = null) : IRkllmResultSink
{
    public ConcurrentQueue<RkllmResult> Results { get; } = new();
    public ConcurrentQueue<int> Threads { get; } = new();
    public TaskCompletionSource FirstToken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<RkllmResult> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IEnumerable<string?> Texts => Results.Where(r => r.State == RkllmCallState.Normal).Select(r => r.Text);

    public RkllmCallbackAction OnResult(RkllmResult result)
    {
        Results.Enqueue(result);
        Threads.Enqueue(Environment.CurrentManagedThreadId);
        if (result.State == RkllmCallState.Normal) FirstToken.TrySetResult();
        if (result.State is RkllmCallState.Finish or RkllmCallState.Error) Ended.TrySetResult(result);
        return decide?.Invoke(result) ?? RkllmCallbackAction.Continue;
    }
}
