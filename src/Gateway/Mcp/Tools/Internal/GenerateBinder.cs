using Nano.Actors.Protocol;
using Nano.Gateway.Http.Generation;
using Nano.Gateway.Input;
using Nano.Gateway.JsonRpc;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>generate and embeddings arguments → the run's input, sampling overrides and options.</summary>
internal static class GenerateBinder
{
    public static ToolCall Generate(ToolArguments args, McpServerContext context)
    {
        var model = args.RequiredString("model");
        var guard = context.Guard;
        var definition = context.FindModel(model);
        var (prompt, role) = Prompt(args, guard);
        var call = new GenerateCall
        {
            ModelId = model,
            Input = new RkllmPromptInput(prompt) { Role = role, EnableThinking = args.Boolean("thinking") ?? false },
            Sampling = Sampling(args),
            MaxNewTokens = (int?)args.Integer("max_tokens", 1, 1_048_576),
            LoraAdapter = args.String("lora"),
            PromptCache = args.String("prompt_cache"),
            SessionId = args.String("session_id", maxLength: 256),
            Priority = args.OneOf("priority", "interactive", "batch") == "batch" ? RequestPriority.Batch : RequestPriority.Interactive,
            Timeout = args.Integer("timeout_ms", 1, int.MaxValue) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            ClientRequestId = args.String("request_id", maxLength: 128),
        };
        args.Exceeded(guard.MaxTokens(definition, call.MaxNewTokens, "max_tokens"));
        var promptParam = args.Has("prompt") ? "prompt" : "messages";
        if (args.Error is not null) return call; // over a limit already: nothing more is worth checking
        if (args.Object("image") is not { } image)
        {
            args.Exceeded(guard.Context(definition, prompt, promptParam));
            return call;
        }
        switch (ImageInput.Bind(args, image, definition, prompt, guard))
        {
            case RkllmMultimodalInput input:
                args.Exceeded(guard.Context(definition, prompt, promptParam, input.Image!.NImage * input.Image.NImageTokens));
                return call with { Input = input with { Role = role, EnableThinking = call.Input.EnableThinking } };
            case ToolRefusal refusal:
                return refusal;
            default:
                return call;
        }
    }

    public static ToolCall Embeddings(ToolArguments args, McpServerContext context)
    {
        var model = args.RequiredString("model");
        var text = args.RequiredString("text");
        if (!args.Exceeded(context.Guard.Text(text, "text")))
            args.Exceeded(context.Guard.Context(context.FindModel(model), text, "text"));
        return new GenerateCall
        {
            ModelId = model,
            Input = new RkllmPromptInput(text),
            Mode = RkllmInferMode.LastHiddenLayer,
            SessionId = args.String("session_id", maxLength: 256),
            Timeout = args.Integer("timeout_ms", 1, int.MaxValue) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Pooling = args.OneOf("pooling", "last", "mean") ?? "last",
        };
    }

    /// <summary>
    /// The prompt text and the role of its last turn. RKLLM takes one input per run (the runtime applies the chat
    /// template around it), so earlier chat turns are rendered into the prompt as "role: content" lines.
    /// </summary>
    private static (string Prompt, string Role) Prompt(ToolArguments args, InputGuard guard)
    {
        var hasPrompt = args.Has("prompt");
        var hasMessages = args.Has("messages");
        if (hasPrompt == hasMessages)
        {
            args.Fail("give exactly one of 'prompt' and 'messages'");
            return ("", "user");
        }
        if (hasPrompt)
        {
            var text = args.String("prompt") ?? "";
            return args.Exceeded(guard.Text(text, "prompt")) ? ("", "user") : (text, "user");
        }

        var messages = args.Array("messages");
        if (messages is null) return ("", "user");
        if (messages.Count == 0)
        {
            args.Fail("'messages' must hold at least one message");
            return ("", "user");
        }
        if (args.Exceeded(guard.Messages(messages.Count))) return ("", "user");
        var turns = new List<ChatTurn>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JObject { } m
                || m["role"] is not JValue { Type: JTokenType.String, Value: string r }
                || !ChatPrompt.Roles.Contains(r)
                || m["content"] is not JValue { Type: JTokenType.String, Value: string content })
            {
                args.Fail($"messages[{i}] must be {{ role: system|user|assistant|tool, content: string }}");
                return ("", "user");
            }
            turns.Add(new ChatTurn(r, content));
        }
        var (prompt, role, error) = ChatPrompt.Render(turns);
        if (error is not null) args.Fail(error);
        return args.Exceeded(guard.Text(prompt, "messages")) ? ("", "user") : (prompt, role);
    }

    private static SamplingOverrides? Sampling(ToolArguments args)
    {
        if (args.Object("sampling") is not { } s) return null;
        foreach (var name in s.Properties().Select(p => p.Name).Where(n => n is not ("top_k" or "top_p" or "temperature" or "repeat_penalty" or "frequency_penalty" or "presence_penalty")))
            args.Fail($"unknown sampling parameter '{name}'");
        return new SamplingOverrides
        {
            TopK = (int?)args.Integer("top_k", 1, int.MaxValue, s),
            TopP = (float?)args.Number("top_p", 0, 1, s),
            Temperature = (float?)args.Number("temperature", 0, 100, s),
            RepeatPenalty = (float?)args.Number("repeat_penalty", 0, 100, s),
            FrequencyPenalty = (float?)args.Number("frequency_penalty", -100, 100, s),
            PresencePenalty = (float?)args.Number("presence_penalty", -100, 100, s),
        };
    }
}
