namespace Nano.LoadGen;

/// <summary>The run could not start: bad options, an unreachable target, a failed handshake.</summary>
public sealed class LoadGenException(string message, Exception? inner = null) : Exception(message, inner);
