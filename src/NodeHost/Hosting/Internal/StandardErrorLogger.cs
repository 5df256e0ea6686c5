using Akka.Event;

namespace Nano.NodeHost.Hosting.Internal;

/// <summary>
/// Akka's minimal logger for start-up and shutdown (akka.stdout-logger-class), writing to stderr: Akka's default
/// writes to stdout, where `generate` streams tokens.
/// </summary>
internal sealed class StandardErrorLogger : MinimalLogger
{
    protected override void Log(object message) => Console.Error.WriteLine(message);
}
