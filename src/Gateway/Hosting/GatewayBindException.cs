namespace Nano.Gateway.Hosting;

/// <summary>An endpoint could not be bound (port taken, address not local); the message names the endpoint.</summary>
public sealed class GatewayBindException(string message, Exception? inner = null) : Exception(message, inner);
