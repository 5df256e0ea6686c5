using ModelContextProtocol;

namespace Nano.Clients.Tests.Scenario;

/// <summary>
/// Collects a call's progress notifications as the C# SDK reports them and lets a test await them, bounded.
/// The SDK handles each incoming message on its own task, so notifications may be reported out of wire order
/// and even after the call's result: readers sort by <c>progress</c> and wait for the text they expect.
/// </summary>
internal sealed class ProgressLog : IProgress<ProgressNotificationValue>
{
    private readonly Lock _gate = new();
    private readonly List<ProgressNotificationValue> _values = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (int Length, TaskCompletionSource Reached)? _waiter;

    public void Report(ProgressNotificationValue value)
    {
        lock (_gate)
        {
            _values.Add(value);
            if (_waiter is { } w && TextLength() >= w.Length) w.Reached.TrySetResult();
        }
        _first.TrySetResult();
    }

    /// <summary>The notifications in the order of their <c>progress</c> values.</summary>
    public IReadOnlyList<ProgressNotificationValue> InProgressOrder
    {
        get { lock (_gate) return [.. _values.OrderBy(v => v.Progress)]; }
    }

    public string Text => string.Concat(InProgressOrder.Select(v => v.Message));

    public Task FirstAsync(TimeSpan bound) => _first.Task.WaitAsync(bound);

    /// <summary>Completes once the messages add up to at least <paramref name="length"/> characters.</summary>
    public async Task TextLengthAsync(int length, TimeSpan bound)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (TextLength() >= length) return;
            _waiter = (length, reached);
        }
        try { await reached.Task.WaitAsync(bound); }
        catch (TimeoutException) { throw new TimeoutException($"progress messages reached {TextLength()} of {length} characters within {bound}: '{Text}'"); }
    }

    private int TextLength()
    {
        lock (_gate) return _values.Sum(v => v.Message?.Length ?? 0);
    }
}
