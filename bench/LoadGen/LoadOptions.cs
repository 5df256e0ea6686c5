namespace Nano.LoadGen;

/// <summary>
/// One load run. Closed loop (each of <see cref="Clients"/> sends its next request when the last one ended) unless
/// <see cref="Rate"/> is set: then requests leave on a fixed schedule over the clients' connections whatever the
/// answers do, at most <see cref="MaxOutstanding"/> at once, and latency counts from the scheduled time.
/// Measured requests stop at <see cref="Requests"/> or after <see cref="Duration"/>, whichever comes first.
/// </summary>
public sealed record LoadOptions
{
    public LoadTransport Transport { get; init; } = LoadTransport.Tcp;
    /// <summary>host:port or a URL; null means the node's default port for the transport on 127.0.0.1.</summary>
    public string? Target { get; init; }
    /// <summary>Connections (tcp, ws, udp), MCP sessions (http) or concurrent callers (openai).</summary>
    public int Clients { get; init; } = 1;
    /// <summary>Open loop: requests per second. Null: closed loop.</summary>
    public double? Rate { get; init; }
    /// <summary>Open loop: requests in flight at most [default: 32 per client, nano's max-in-flight per connection].</summary>
    public int? MaxOutstanding { get; init; }
    /// <summary>Measured requests to send. Null: bounded by <see cref="Duration"/> only.</summary>
    public int? Requests { get; init; }
    /// <summary>Time to send measured requests for. Null: bounded by <see cref="Requests"/> only (10 s when neither is set).</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>Load sent before measuring starts, not reported (JIT, connection pools, handle warm-up).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;
    public string Model { get; init; } = "zero";
    public string Prompt { get; init; } = "Hello";
    /// <summary>When set, the prompt is this many words instead of <see cref="Prompt"/>.</summary>
    public int? PromptTokens { get; init; }
    public int MaxTokens { get; init; } = 16;
    /// <summary>Stream tokens: MCP progress notifications (a progressToken per call) or OpenAI SSE.</summary>
    public bool Stream { get; init; }
    /// <summary>A request unanswered this long after it was sent is a timeout (and is cancelled on the server).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>After sending stops, how long requests in flight may still finish; the rest are reported abandoned.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight at most, open loop.</summary>
    public int OutstandingLimit => MaxOutstanding ?? 32 * Clients;

    /// <summary>The sending window when neither bound is given.</summary>
    public TimeSpan? SendingWindow => Duration ?? (Requests is null ? DefaultDuration : null);

    public string EffectivePrompt => PromptTokens is { } n ? string.Join(' ', Enumerable.Repeat("tok", Math.Max(1, n))) : Prompt;
}
