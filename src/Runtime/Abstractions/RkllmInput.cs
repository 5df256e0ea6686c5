namespace Nano.Runtime;

/// <summary>RKLLMInput: the role and thinking flag are common; the union member is the subtype.</summary>
public abstract record RkllmInput
{
    /// <summary>"user" for user input, "tool" for a function result.</summary>
    public string Role { get; init; } = "user";
    /// <summary>Thinking mode (Qwen3-style models).</summary>
    public bool EnableThinking { get; init; }
    public abstract RkllmInputType Type { get; }
}

public sealed record RkllmPromptInput(string Prompt) : RkllmInput
{
    public override RkllmInputType Type => RkllmInputType.Prompt;
}

public sealed record RkllmTokenInput(int[] TokenIds) : RkllmInput
{
    public override RkllmInputType Type => RkllmInputType.Token;
}

/// <summary>Embedding input of <see cref="NTokens"/> rows of n_embed floats.</summary>
public sealed record RkllmEmbedInput(float[] Embed, int NTokens) : RkllmInput
{
    public override RkllmInputType Type => RkllmInputType.Embed;
}

/// <summary>Image part of a multimodal input: n_image * n_image_tokens * embedding_dim floats.</summary>
public sealed record RkllmImage(float[] Embed, int NImageTokens, int NImage, int Width, int Height)
{
    /// <summary>v1.3 only: tags around the image in the prompt (v1.2 takes them from RkllmParams.ImageTags).</summary>
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Content { get; init; }
}

/// <summary>v1.3 only: video part of a multimodal input.</summary>
public sealed record RkllmVideo(float[] Embed, int NFrameTokens, int NFramePerVideo, int NVideo, int FrameWidth, int FrameHeight)
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Content { get; init; }
}

public sealed record RkllmMultimodalInput(string Prompt, RkllmImage? Image, RkllmVideo? Video = null) : RkllmInput
{
    public override RkllmInputType Type => RkllmInputType.Multimodal;
}
