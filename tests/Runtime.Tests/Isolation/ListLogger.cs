using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Tests.Isolation;

/// <summary>Keeps formatted log lines so tests can assert on what the parent logged about its child.</summary>
internal sealed class ListLogger : ILogger<Nano.Runtime.Isolation.IsolatedRuntime>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));
}
