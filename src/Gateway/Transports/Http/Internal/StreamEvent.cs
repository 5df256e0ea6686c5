namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// One message for an HTTP response stream: an Answer (result or error) or a notification. Final marks the message
/// that ends the stream (the answer to its last open request).
/// </summary>
internal readonly record struct StreamEvent(SseEventId Id, byte[] Payload, bool Answer, bool Final);
