namespace Nano.Gateway.Hosting;

/// <summary>
/// What one request may hold (<c>nano.gateway.input</c>), checked by every front door (MCP tools, OpenAI, Ollama)
/// before anything reaches the pool. A request over a limit is refused naming it: JSON-RPC -32602 with
/// <c>data.limit</c>, or HTTP 400 in the API's own error shape.
/// </summary>
public sealed record InputLimits
{
    /// <summary>UTF-8 bytes of a prompt (after rendering chat messages), an embeddings text or a template string.</summary>
    public int MaxPromptBytes { get; init; } = 1024 * 1024;
    /// <summary>Chat messages per request.</summary>
    public int MaxMessages { get; init; } = 1024;
    /// <summary>Function tools per request (OpenAI <c>tools</c>, MCP <c>set_function_tools</c>).</summary>
    public int MaxTools { get; init; } = 128;
    /// <summary>Images per request.</summary>
    public int MaxImages { get; init; } = 4;
    /// <summary>Decoded bytes of one image (or image embedding); the base64 length is checked before decoding.</summary>
    public int MaxImageBytes { get; init; } = 3 * 1024 * 1024;
    /// <summary>Stop sequences per request (OpenAI's own cap of 4 still applies there) and characters per sequence.</summary>
    public int MaxStopSequences { get; init; } = 16;
    public int MaxStopSequenceChars { get; init; } = 256;
    /// <summary>Messages in one JSON-RPC batch (MCP 2025-03-26); a larger batch is -32600.</summary>
    public int MaxBatchSize { get; init; } = 256;
    /// <summary>
    /// The gateway has no tokenizer: a prompt needs at least <c>UTF-8 bytes / this</c> tokens (no real vocabulary
    /// averages more bytes per token over a whole prompt), and is refused up front when even that exceeds the model's
    /// max_context_len. Prompts under the bound that still do not fit are refused by the runtime.
    /// </summary>
    public int ContextBytesPerToken { get; init; } = 8;

    public static InputLimits Default { get; } = new();
}
