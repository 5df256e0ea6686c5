using System.Text;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Gateway.Http.Generation;
using Nano.Gateway.Input;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static Nano.Gateway.OpenAi.Internal.BodyFields;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// /v1/chat/completions and /v1/completions bodies → <see cref="OpenAiRequest"/>. Throws <see cref="BadFieldException"/>
/// (400) for what is malformed. The session id comes from the <c>X-Session-Id</c> header only: OpenAI's <c>user</c> names
/// an end user, not a conversation, and pinning KV-cache affinity to it would mix a user's unrelated chats.
/// </summary>
internal static class RequestBinder
{
    /// <summary>The tag Qwen's template puts around tool results (RKLLM's tool_response_str).</summary>
    private const string ToolResponse = "<tool_response>";

    public static OpenAiRequest Chat(JObject body, ModelDefinition model, string? sessionId, InputGuard guard)
    {
        if (body["messages"] is not JArray { Count: > 0 } messages) throw new BadFieldException("'messages' must be a non-empty array", "messages");
        BadFieldException.ThrowIf(guard.Messages(messages.Count));
        var turns = new List<ChatTurn>(messages.Count);
        var images = new List<byte[]>();
        for (var i = 0; i < messages.Count; i++)
            turns.Add(Turn(messages[i], $"messages[{i}]", images, guard));
        var (prompt, role, error) = ChatPrompt.Render(turns);
        if (error is not null) throw new BadFieldException(error, "messages");
        BadFieldException.ThrowIf(guard.Text(prompt, "messages"));
        var tools = Tools(body, turns, guard);
        RkllmInput input = images.Count > 0 ? ImageParts.Input(model, prompt, images, role) : new RkllmPromptInput(prompt) { Role = role };
        var imageTokens = input is RkllmMultimodalInput { Image: { } image } ? image.NImage * image.NImageTokens : 0;
        var maxTokensParam = body["max_completion_tokens"] is { Type: not JTokenType.Null } ? "max_completion_tokens" : "max_tokens";
        var maxTokens = Integer(body, maxTokensParam, 1, 1_048_576);
        BadFieldException.ThrowIf(guard.MaxTokens(model, maxTokens, maxTokensParam) ?? guard.Context(model, prompt, "messages", imageTokens));
        return Common(body, model, sessionId, guard) with
        {
            Chat = true,
            Input = input,
            MaxTokens = maxTokens,
            Tools = tools,
        };
    }

    public static OpenAiRequest Completion(JObject body, ModelDefinition model, string? sessionId, InputGuard guard)
    {
        var prompt = body["prompt"] switch
        {
            JValue { Type: JTokenType.String } v => (string)v!,
            JArray { Count: 1 } a when a[0].Type == JTokenType.String => (string)a[0]!,
            _ => throw new BadFieldException("'prompt' must be a string (nano runs one prompt per request)", "prompt"),
        };
        var maxTokens = Integer(body, "max_tokens", 1, 1_048_576);
        BadFieldException.ThrowIf(guard.Text(prompt, "prompt") ?? guard.MaxTokens(model, maxTokens, "max_tokens") ?? guard.Context(model, prompt, "prompt"));
        return Common(body, model, sessionId, guard) with
        {
            Input = new RkllmPromptInput(prompt),
            MaxTokens = maxTokens,
        };
    }

    private static OpenAiRequest Common(JObject body, ModelDefinition model, string? sessionId, InputGuard guard)
    {
        if (Integer(body, "n", 1, int.MaxValue) is > 1) throw new BadFieldException("nano generates one choice per request ('n' must be 1)", "n");
        var streamOptions = body["stream_options"] as JObject;
        return new OpenAiRequest
        {
            Model = model.Name,
            Input = new RkllmPromptInput(""),
            Sampling = new SamplingOverrides
            {
                Temperature = (float?)Number(body, "temperature", 0, 2),
                TopP = (float?)Number(body, "top_p", 0, 1),
                FrequencyPenalty = (float?)Number(body, "frequency_penalty", -2, 2),
                PresencePenalty = (float?)Number(body, "presence_penalty", -2, 2),
            },
            Stop = Stop(body, guard),
            Stream = Boolean(body, "stream") ?? false,
            IncludeUsage = streamOptions is not null && (Boolean(streamOptions, "include_usage") ?? false),
            SessionId = sessionId,
        };
    }

    private static ChatTurn Turn(JToken token, string param, List<byte[]> images, InputGuard guard)
    {
        if (token is not JObject message) throw new BadFieldException($"{param} must be an object", param);
        var role = String(message, "role") switch
        {
            "developer" => "system",
            { } r when ChatPrompt.Roles.Contains(r) => r,
            var r => throw new BadFieldException($"{param}.role must be system, developer, user, assistant or tool, not '{r}'", $"{param}.role"),
        };
        var content = new StringBuilder();
        switch (message["content"])
        {
            case null or { Type: JTokenType.Null }:
                break;
            case JValue { Type: JTokenType.String } text:
                content.Append((string)text!);
                break;
            case JArray parts:
                for (var p = 0; p < parts.Count; p++) Part(parts[p], $"{param}.content[{p}]", content, images, guard);
                break;
            default:
                throw new BadFieldException($"{param}.content must be a string or an array of content parts", $"{param}.content");
        }
        // The model's own earlier tool calls go back into the prompt in the form it wrote them.
        if (role == "assistant" && message["tool_calls"] is JArray calls)
            foreach (var call in calls.OfType<JObject>())
                content.Append(ToolCallParser.Render(call));
        return new ChatTurn(role, content.ToString());
    }

    private static void Part(JToken token, string param, StringBuilder content, List<byte[]> images, InputGuard guard)
    {
        if (token is not JObject part) throw new BadFieldException($"{param} must be an object", param);
        switch (String(part, "type"))
        {
            case "text":
                content.Append(RequiredString(part, "text"));
                break;
            case "image_url":
                var url = part["image_url"] is JObject o ? String(o, "url") : String(part, "image_url");
                BadFieldException.ThrowIf(guard.Images(images.Count + 1, param));
                images.Add(ImageParts.Decode(url ?? throw new BadFieldException($"{param}.image_url.url is required", param), param, guard));
                content.Append(ImageInput.ImageTag);
                break;
            case var type:
                throw new BadFieldException($"{param}.type '{type}' is not supported (text and image_url are)", param);
        }
    }

    /// <summary>Function tools as RKLLM's tools JSON, with the request's system message as their system prompt.</summary>
    private static FunctionToolsDefinition? Tools(JObject body, List<ChatTurn> turns, InputGuard guard)
    {
        if (body["tools"] is null or { Type: JTokenType.Null } || body["tool_choice"] is JValue { Value: "none" }) return null;
        if (body["tools"] is not JArray { Count: > 0 } tools) throw new BadFieldException("'tools' must be a non-empty array", "tools");
        BadFieldException.ThrowIf(guard.Tools(tools.Count));
        for (var i = 0; i < tools.Count; i++)
            if (tools[i] is not JObject { } tool || (string?)tool["type"] != "function" || tool["function"] is not JObject fn
                || fn["name"] is not JValue { Type: JTokenType.String })
                throw new BadFieldException($"tools[{i}] must be {{ type: \"function\", function: {{ name, description?, parameters? }} }}", $"tools[{i}]");
        var system = turns.FirstOrDefault(t => t.Role == "system")?.Content ?? "You are a helpful assistant.";
        return new FunctionToolsDefinition(system, tools.ToString(Formatting.None), ToolResponse);
    }
}
