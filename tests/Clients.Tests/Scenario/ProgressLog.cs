using ModelContextProtocol;

namespace Nano.Clients.Tests.Scenario;

/// <summary>
/// The IProgress a test hands to the C# SDK's CallToolAsync: what the SDK reported, and a bounded wait for the first
/// report. The SDK handles each incoming message on its own task, so reports may come out of wire order (readers
/// sort by <c>progress</c>) and, once the call has returned, not at all (see <see cref="WireProgress"/>).
/// </summary>
internal sealed class ProgressLog : IProgress<ProgressNotificationValue>
{
    private readonly Lock _gate = new();
    private readonly List<ProgressNotificationValue> _values = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Report(ProgressNotificationValue value)
    {
        lock (_gate) _values.Add(value);
        _first.TrySetResult();
    }

    /// <summary>The reports in the order of their <c>progress</c> values.</summary>
    public IReadOnlyList<ProgressNotificationValue> InProgressOrder
    {
        get { lock (_gate) return [.. _values.OrderBy(v => v.Progress)]; }
    }

    public Task FirstAsync(TimeSpan bound) => _first.Task.WaitAsync(bound);
}
