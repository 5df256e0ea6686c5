using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>Keeps formatted log lines so tests can assert on what the parent logged about its child.</summary>
internal sealed class ListLogger : ILogger<Nano.Runtime.Isolation.IsolatedRuntime>
{
    private readonly object _gate = new();

    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    /// <summary>
    /// Waits (bounded) for a line to match: the child's stderr is relayed by a reader thread, so a line it printed
    /// may be logged a moment after the call that caused it has returned.
    /// </summary>
    public bool WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!Lines.Any(l => match(l.Message)))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) return Lines.Any(l => match(l.Message));
            }
            return true;
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            Lines.Enqueue((logLevel, formatter(state, exception)));
            Monitor.PulseAll(_gate);
        }
    }
}
