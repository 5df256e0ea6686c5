using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Nano.NodeHost.Hosting.Internal;

/// <summary>
/// One line per log entry to a TextWriter: the CLI's error stream (stderr in a terminal, a StringWriter in tests),
/// so logs never mix with generated tokens on stdout.
/// </summary>
internal sealed partial class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    // Akka's log events arrive pre-formatted as "[INFO][date][Thread 0005][source] message"; the source is kept
    // as the category, the rest is noise next to our own time and level.
    [GeneratedRegex(@"^\[(?:DEBUG|INFO|WARNING|ERROR)\]\[[^\]]*\]\[Thread \d+\]\[(?<source>[^\]]*)\] ?")]
    private static partial Regex AkkaPrefix();

    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, Short(categoryName));

    public void Dispose() { }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        if (AkkaPrefix().Match(message) is { Success: true } akka)
        {
            category = akka.Groups["source"].Value;
            message = message[akka.Length..];
        }
        var line = $"{DateTime.Now:HH:mm:ss.fff} {Tag(level)} {category}: {message}";
        lock (_gate)
        {
            writer.WriteLine(line);
            if (exception is not null) writer.WriteLine(exception.ToString());
            writer.Flush();
        }
    }

    private static string Tag(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "FAIL",
        _ => "CRIT",
    };

    // "Akka.Actor.ActorSystem" -> "ActorSystem": the full names add width, not information, in a terminal.
    private static string Short(string category) => category[(category.LastIndexOf('.') + 1)..];

    private sealed class Logger(TextWriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
