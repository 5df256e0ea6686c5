namespace Nano.Runtime;

/// <summary>RKLLMPerfStat, reported with the final callback.</summary>
public sealed record RkllmPerfStats(float PrefillTimeMs, int PrefillTokens, float GenerateTimeMs, int GenerateTokens, float MemoryUsageMb)
{
    public double DecodeTokensPerSecond => GenerateTimeMs > 0 ? GenerateTokens * 1000.0 / GenerateTimeMs : 0;
}

/// <summary>Copy of the last hidden layer: NumTokens rows of EmbdSize floats. Copied inside the callback.</summary>
public sealed record RkllmHiddenLayer(float[] HiddenStates, int EmbdSize, int NumTokens);

/// <summary>Copy of the logits: NumTokens rows of VocabSize floats. Copied inside the callback.</summary>
public sealed record RkllmLogits(float[] Values, int VocabSize, int NumTokens);

/// <summary>
/// One result callback, as managed values: native pointers are copied before the callback returns,
/// because the runtime frees them on the next callback.
/// </summary>
public sealed record RkllmResult(RkllmCallState State, string? Text, int TokenId)
{
    public RkllmHiddenLayer? HiddenLayer { get; init; }
    public RkllmLogits? Logits { get; init; }
    /// <summary>Set on the final (Finish) callback when the runtime reports it.</summary>
    public RkllmPerfStats? Perf { get; init; }
}

/// <summary>
/// Receives the callbacks of one run. Called on the runtime's own thread (a foreign thread for native code):
/// implementations must not touch actor state; turn the call into a message instead.
/// </summary>
public interface IRkllmResultSink
{
    RkllmCallbackAction OnResult(RkllmResult result);
}

/// <summary>Optional v1.3 callbacks for models without an internal tokenizer or embedding layer.</summary>
public interface IRkllmTokenizer
{
    /// <summary>Tokenize text into tokens; return the count (&gt;= 0) or a negative error.</summary>
    int Tokenize(ReadOnlySpan<byte> utf8Text, Span<int> tokens);
}

public interface IRkllmEmbedder
{
    /// <summary>Write the embedding of tokens into embed (raw bytes); 0 on success.</summary>
    int Embed(ReadOnlySpan<int> tokens, Span<byte> embed);
}
