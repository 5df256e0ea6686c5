using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// Copies an RKLLMResult into managed values during the callback: the runtime owns text, hidden-state and logits
/// buffers and reuses or frees them as soon as the callback returns.
/// </summary>
internal static unsafe class ResultReader
{
    public static RkllmResult Read(RKLLMResult* result, RkllmCallState state)
    {
        if (result == null) return new RkllmResult(state, null, -1);
        // WAITING means an incomplete UTF-8 sequence is pending: the bytes so far are not text yet.
        var text = state == RkllmCallState.Waiting ? null : SharedMarshalling.Utf8(result->text);
        return new RkllmResult(state, text, result->token_id)
        {
            HiddenLayer = HiddenLayer(result->last_hidden_layer),
            Logits = Logits(result->logits),
            Perf = state == RkllmCallState.Finish ? Perf(result->perf) : null,
        };
    }

    private static RkllmHiddenLayer? HiddenLayer(in RKLLMResultLastHiddenLayer layer)
    {
        var values = Copy(layer.hidden_states, layer.embd_size, layer.num_tokens);
        return values is null ? null : new RkllmHiddenLayer(values, layer.embd_size, layer.num_tokens);
    }

    private static RkllmLogits? Logits(in RKLLMResultLogits logits)
    {
        var values = Copy(logits.logits, logits.vocab_size, logits.num_tokens);
        return values is null ? null : new RkllmLogits(values, logits.vocab_size, logits.num_tokens);
    }

    private static float[]? Copy(nint data, int rowSize, int rows)
    {
        if (data == 0 || rowSize <= 0 || rows <= 0) return null;
        var count = (long)rowSize * rows;
        if (count > Array.MaxLength) return null;
        return new ReadOnlySpan<float>((void*)data, (int)count).ToArray();
    }

    private static RkllmPerfStats Perf(in RKLLMPerfStat perf) =>
        new(perf.prefill_time_ms, perf.prefill_tokens, perf.generate_time_ms, perf.generate_tokens, perf.memory_usage_mb);
}
