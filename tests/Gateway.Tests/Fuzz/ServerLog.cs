using System.Collections.Concurrent;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Everything the fuzz node reports that may mean input broke it: Akka errors (an actor that threw, and so was
/// restarted or stopped, logs one), errors from the HTTP host's loggers (Kestrel's unhandled exceptions), and
/// unobserved task exceptions from the gateway's own loops. Warnings are kept for the test output.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyCollection<string> Errors => _errors;
    public IReadOnlyCollection<string> Warnings => _warnings;

    public int Mark => _errors.Count;

    public IEnumerable<string> ErrorsSince(int mark) => _errors.Skip(mark);

    public void Akka(LogEvent e)
    {
        var text = $"[akka {e.LogSource}] {e.Message}{(e.Cause is { } cause ? $" ({cause.GetType().Name}: {cause.Message})\n{cause.StackTrace}" : "")}";
        if (e is Error) _errors.Enqueue(text);
        else _warnings.Enqueue(text);
    }

    public void Unobserved(Exception e)
    {
        // Only the gateway's faults: other tests of the assembly run in the same process.
        if (e.ToString().Contains("Nano.Gateway", StringComparison.Ordinal)) _errors.Enqueue($"[unobserved task] {e}");
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var text = $"[{category}] {formatter(state, exception)}{(exception is null ? "" : $"\n{exception}")}";
            if (logLevel >= LogLevel.Error) log._errors.Enqueue(text);
            else log._warnings.Enqueue(text);
        }
    }

    /// <summary>Subscribes to the actor system's warnings and errors.</summary>
    public sealed class Listener : Akka.Actor.ReceiveActor
    {
        public Listener(ServerLog log)
        {
            Receive<Error>(log.Akka);
            Receive<Warning>(log.Akka);
        }
    }
}
