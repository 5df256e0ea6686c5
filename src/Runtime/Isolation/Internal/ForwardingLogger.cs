using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// The child's logger: log lines travel to the parent as Log frames, which keep their level; before the
/// connection is up, or once it is gone, they go to stderr. Never stdout: that belongs to the native runtime.
/// </summary>
internal sealed class ForwardingLogger(string category) : ILogger
{
    private volatile FrameConnection? connection;

    public void Attach(FrameConnection? target) => connection = target;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
        if (connection is { } c)
        {
            try
            {
                c.Send(FrameWriter.Start(MessageType.Log).Byte((byte)logLevel).String(category).String(message));
                return;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        }
        StderrLine(logLevel, message);
    }

    public static void StderrLine(LogLevel level, string message) =>
        Console.Error.WriteLine($"nano-handle-host[{Environment.ProcessId}] {level}: {message}");
}
