using Microsoft.Extensions.Logging;

namespace Nano.Cluster.Tests;

/// <summary>Writes every log line of the simulated nodes to one file (NANO_TEST_LOG), for debugging failed specs.</summary>
internal sealed class FileLoggers : ILoggerProvider
{
    private readonly StreamWriter _writer;

    private FileLoggers(string path) => _writer = new StreamWriter(path, append: true) { AutoFlush = true };

    public static ILoggerFactory Create()
    {
        var path = Environment.GetEnvironmentVariable("NANO_TEST_LOG");
        return path is null ? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance
            : LoggerFactory.Create(b => b.AddProvider(new FileLoggers(path)).SetMinimumLevel(LogLevel.Debug));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _writer.Dispose();

    private sealed class Logger(FileLoggers owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner) owner._writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
