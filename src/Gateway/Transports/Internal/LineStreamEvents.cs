namespace Nano.Gateway.Transports.Internal;

/// <summary>Pump → owner: the input stream ended (EOF, reset or error); answers may still be written.</summary>
internal sealed record InputEnded(string Reason);

/// <summary>Pump → owner: the output side is finished (all written after CompleteWrites, or failed); the connection is over.</summary>
internal sealed record OutputEnded(string Reason);
