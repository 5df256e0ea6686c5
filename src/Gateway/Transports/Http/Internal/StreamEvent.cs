namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>One message for an HTTP response stream. Final marks the message that ends the stream (the last response).</summary>
internal readonly record struct StreamEvent(SseEventId Id, byte[] Payload, bool Final, bool IsError);
