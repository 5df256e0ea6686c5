namespace Nano.Gateway.JsonRpc;

/// <summary>What <see cref="JsonRpcCodec.Parse(ReadOnlySpan{byte})"/> made of one frame. Parsing never throws.</summary>
public abstract record JsonRpcParseResult;

/// <summary>A well-formed message.</summary>
public sealed record JsonRpcParsed(JsonRpcMessage Message) : JsonRpcParseResult;

/// <summary>
/// A frame (or one element of a batch) that is not a valid message; <see cref="Reply"/> is the error to send back
/// (-32700 with a null id for unparseable text, -32600 with the id when it could be read, ...).
/// </summary>
public sealed record JsonRpcInvalid(JsonRpcErrorResponse Reply) : JsonRpcParseResult;

/// <summary>
/// A non-empty JSON array of messages. Each item is <see cref="JsonRpcParsed"/> or <see cref="JsonRpcInvalid"/>.
/// Whether batches are allowed at all is the protocol revision's call (MCP 2025-03-26 only), not the codec's.
/// </summary>
public sealed record JsonRpcBatch(IReadOnlyList<JsonRpcParseResult> Items) : JsonRpcParseResult;
