using Nano.Actors.Protocol;
using Nano.Gateway.Input;
using Nano.Gateway.JsonRpc;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>Maps a tools/call (tool and arguments) to the actor message it stands for, 1:1 with the RKLLM operations.</summary>
internal static class ToolBinder
{
    public static ToolCall Bind(ToolDefinition tool, JObject arguments, McpServerContext context)
    {
        var args = new ToolArguments(tool, arguments);
        var call = tool.Name switch
        {
            ToolNames.Generate => GenerateBinder.Generate(args, context),
            ToolNames.Embeddings => GenerateBinder.Embeddings(args, context),
            ToolNames.Abort => new AbortCall(args.RequiredString("request_id"), args.String("model")),
            ToolNames.ListModels => new StatusCall(null),
            ToolNames.ModelStatus => new StatusCall(args.RequiredString("model")),
            ToolNames.ClusterStatus => new ClusterStatusCall(),
            // The entry is validated like models.json (every error with its path) by the admin code, not the schema.
            ToolNames.AddModel => new AdminCall(null, args.Object("model") ?? []),
            ToolNames.RemoveModel => new AdminCall(args.RequiredString("model"), null),
            _ => Command(tool.Name, args, context.Guard),
        };
        return args.Error is { } error ? new InvalidArguments(error) { Data = args.Violation?.Data() } : call;
    }

    private static ToolCall Command(string tool, ToolArguments args, InputGuard guard)
    {
        var model = args.RequiredString("model");
        var session = args.String("session_id", maxLength: 256);
        // Templates and system prompts go into every prompt: bounded like one.
        foreach (var name in (string[])["system_prompt", "prompt_prefix", "prompt_postfix", "tool_response_str"])
            if (args.Raw(name) is { Type: JTokenType.String } text) args.Exceeded(guard.Text((string)text!, name));
        ModelCommand? command = tool switch
        {
            ToolNames.LoadModel => new LoadModel { ModelId = model },
            ToolNames.UnloadModel => new UnloadModel { ModelId = model },
            ToolNames.ClearKvCache => new ClearKvCache { ModelId = model, SessionId = session, KeepSystemPrompt = args.Boolean("keep_system_prompt") ?? false },
            ToolNames.KvCacheSize => new GetKvCacheSize { ModelId = model, SessionId = session },
            ToolNames.LoadLora => new LoadLora { ModelId = model, SessionId = session, AdapterName = args.RequiredString("adapter") },
            ToolNames.LoadPromptCache => new LoadPromptCache { ModelId = model, SessionId = session, CacheName = args.RequiredString("cache") },
            ToolNames.ReleasePromptCache => new ReleasePromptCache { ModelId = model, SessionId = session },
            ToolNames.SetChatTemplate => new SetChatTemplate(args.RequiredString("system_prompt"), args.RequiredString("prompt_prefix"),
                args.RequiredString("prompt_postfix")) { ModelId = model, SessionId = session },
            ToolNames.SetFunctionTools => new SetFunctionTools(args.RequiredString("system_prompt"), ToolsJson(args, guard),
                args.RequiredString("tool_response_str")) { ModelId = model, SessionId = session },
            _ => null,
        };
        return command is null
            ? new ToolRefusal(JsonRpcErrorCodes.InternalError, $"tool '{tool}' has no binding")
            : new CommandCall(command);
    }

    /// <summary>The tools as the JSON text rkllm_set_function_tools takes: an array given inline, or a string holding one.</summary>
    private static string ToolsJson(ToolArguments args, InputGuard guard)
    {
        if (args.Raw("tools") is JArray array)
            return args.Exceeded(guard.Tools(array.Count)) ? "" : array.ToString(Newtonsoft.Json.Formatting.None);
        var text = args.String("tools");
        if (text is null) return "";
        try
        {
            if (JToken.Parse(text) is JArray parsed) return args.Exceeded(guard.Tools(parsed.Count)) ? "" : text;
        }
        catch (Newtonsoft.Json.JsonException)
        {
        }
        args.Fail("'tools' must be an array of function definitions, or a string holding one in JSON");
        return "";
    }
}
