using System.Text;

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// Counts prefill tokens of inputs and text. The simulator has no tokenizer: text is assumed to be 4 UTF-8 bytes per
/// token (a common average for English with BPE vocabularies), unless the caller supplied a v1.3 tokenizer callback.
/// </summary>
internal sealed class SimInputMeter(IRkllmTokenizer? tokenizer)
{
    public const int BytesPerToken = 4;

    public int Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (tokenizer is null) return (utf8.Length + BytesPerToken - 1) / BytesPerToken;
        var tokens = new int[utf8.Length + 8];
        var count = tokenizer.Tokenize(utf8, tokens);
        return count >= 0 ? count : throw new RkllmException("rkllm_run", count, "the tokenizer callback failed");
    }

    /// <summary>Prefill tokens of an input, with the prompt template around text and image/video tokens for multimodal input.</summary>
    public int Input(RkllmInput input, SimTemplate template) => input switch
    {
        RkllmPromptInput p => TextWithTemplate(p.Prompt, p.Role, template),
        RkllmTokenInput t => t.TokenIds.Length,
        RkllmEmbedInput e => e.NTokens,
        RkllmMultimodalInput m => TextWithTemplate(m.Prompt, m.Role, template)
            + (m.Image is { } i ? i.NImage * i.NImageTokens + Text(i.Start) + Text(i.End) : 0)
            + (m.Video is { } v ? v.NVideo * v.NFramePerVideo * v.NFrameTokens + Text(v.Start) + Text(v.End) : 0),
        _ => throw new RkllmException("rkllm_run", -1, $"unsupported input type {input.GetType().Name}"),
    };

    private int TextWithTemplate(string prompt, string role, SimTemplate template) =>
        Text(template.PromptPrefix) + Text(prompt) + Text(template.PromptPostfix)
        + (role == "tool" ? Text(template.ToolResponse) : 0);

    /// <summary>Stable hash of what the output depends on: the seed, the input and the LoRA adapter.</summary>
    public static ulong Hash(int seed, RkllmInput input, string? lora)
    {
        var h = new StableHash().Add(seed).Add((int)input.Type).Add(input.Role).Add(input.EnableThinking ? 1 : 0).Add(lora);
        return input switch
        {
            RkllmPromptInput p => h.Add(p.Prompt).Value,
            RkllmTokenInput t => h.Add(t.TokenIds).Value,
            RkllmEmbedInput e => h.Add(e.NTokens).Add(e.Embed).Value,
            RkllmMultimodalInput m => h.Add(m.Prompt).Add(m.Image?.Embed ?? []).Add(m.Image?.NImage ?? 0)
                .Add(m.Video?.Embed ?? []).Add(m.Video?.NVideo ?? 0).Value,
            _ => h.Value,
        };
    }
}

/// <summary>Chat template and function-tool settings of a handle (rkllm_set_chat_template / rkllm_set_function_tools).</summary>
internal sealed record SimTemplate(
    string SystemPrompt = "", string PromptPrefix = "", string PromptPostfix = "",
    string ToolsSystemPrompt = "", string ToolsJson = "", string ToolResponse = "");
