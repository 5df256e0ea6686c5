using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nano.Gateway.Tests.Security;

/// <summary>An ILoggerFactory keeping every entry (category, level, event, rendered text) for assertions.</summary>
public sealed class CapturingLoggers : ILoggerFactory, ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId Event, string Text);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public IReadOnlyList<Entry> Of(string category) => _entries.Where(e => e.Category == category).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(CapturingLoggers owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception)));
    }
}
