namespace Nano.Runtime.Sim;

/// <summary>
/// The calibration of one simulated model on one board: time to first token for a reference prompt, decode rate
/// and memory, as published in Rockchip's benchmark table (or given explicitly by the user).
/// </summary>
/// <param name="Name">Profile name, family-size-dtype in lower case: "qwen2.5-1.5b-w8a8".</param>
/// <param name="Board">Board type the numbers were measured on ("rk3588", "rk3576").</param>
/// <param name="TtftMs">Time to first token for <see cref="PromptTokensRef"/> prompt tokens.</param>
/// <param name="TokensPerSecond">Decode rate of a single sequence.</param>
/// <param name="MemoryMb">Memory the loaded model occupies.</param>
public sealed record SimProfile(
    string Name, string Board, string Family, string Size, string Dtype,
    double TtftMs, double TokensPerSecond, double MemoryMb)
{
    /// <summary>Prompt length the TTFT was measured with (128 in the benchmark table).</summary>
    public int PromptTokensRef { get; init; } = 128;

    /// <summary>New tokens per benchmark run (64 in the table); informational.</summary>
    public int NewTokensRef { get; init; } = 64;

    /// <summary>Vision-language model: accepts multimodal input, image tokens count as prefill.</summary>
    public bool IsVision { get; init; }

    /// <summary>Width of the simulated last hidden layer.</summary>
    public int EmbdSize { get; init; } = 16;

    /// <summary>Width of the simulated logits; at least the simulated vocabulary (64 tokens).</summary>
    public int VocabSize { get; init; } = 64;

    /// <summary>Where the numbers come from.</summary>
    public string Source { get; init; } = "rknn-llm v1.3.0 benchmark.md";

    /// <summary>Model time of prefilling one prompt token (prefill is modelled linear in prompt tokens).</summary>
    public double PrefillMsPerToken => TtftMs / PromptTokensRef;

    /// <summary>Model time of one single-sequence decode step.</summary>
    public double DecodeStepMs => 1000.0 / TokensPerSecond;

    public override string ToString() =>
        $"{Name}@{Board} (TTFT {TtftMs:0.##} ms/{PromptTokensRef} tok, {TokensPerSecond:0.##} tok/s, {MemoryMb:0.##} MB; {Source})";
}
