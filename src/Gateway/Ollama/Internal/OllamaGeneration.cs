using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Nano.Gateway.Http.Generation;
using Nano.Gateway.Input;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// /api/chat and /api/generate bodies → an <see cref="OllamaRun"/>. keep_alive is accepted and has no effect: the
/// pool's idle unload (nano.pool.idle-unload-after) decides when handles go. An empty prompt (or no messages) loads
/// the model and answers done_reason "load", as Ollama does.
/// </summary>
internal static class OllamaGeneration
{
    public static async Task ChatAsync(HttpContext http, HttpApiContext api)
    {
        if (await OllamaJson.ReadAsync(http, api) is not { } body) return;
        var fields = new OllamaFields(body);
        var model = Common(fields, api, out var options, out var stream, out var think);
        var turns = new List<ChatTurn>();
        var images = new List<string>();
        if (body["messages"] is { Type: not JTokenType.Null } messages)
        {
            if (messages is not JArray list) fields.Fail("'messages' must be an array");
            else if (api.Server.Guard.Messages(list.Count) is { } tooMany) fields.Fail(tooMany.Message);
            else
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is not JObject m || fields.String("role", m) is not { } turnRole)
                    {
                        fields.Fail($"messages[{i}] must be an object with a role");
                        continue;
                    }
                    turns.Add(new ChatTurn(turnRole, fields.String("content", m) ?? ""));
                    images.AddRange(fields.Strings("images", m) ?? []);
                }
        }
        if (await Refused(http, fields) || await OllamaErrors.HiddenAsync(http, model!)) return;
        if (turns.Count == 0)
        {
            await LoadAsync(http, api, model!, chat: true);
            return;
        }
        var (prompt, role, error) = ChatPrompt.Render(turns);
        if (error is not null)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, error);
            return;
        }
        await RunAsync(http, api, model!, new RkllmPromptInput(prompt) { Role = role, EnableThinking = think }, images, options, stream, chat: true);
    }

    public static async Task GenerateAsync(HttpContext http, HttpApiContext api)
    {
        if (await OllamaJson.ReadAsync(http, api) is not { } body) return;
        var fields = new OllamaFields(body);
        var model = Common(fields, api, out var options, out var stream, out var think);
        var prompt = fields.String("prompt") ?? "";
        var system = fields.String("system");
        var images = fields.Strings("images") ?? [];
        if (fields.String("suffix") is { Length: > 0 }) fields.Fail("nano does not support 'suffix' (fill-in-the-middle)");
        if (await Refused(http, fields) || await OllamaErrors.HiddenAsync(http, model!)) return;
        if (prompt.Length == 0 && images.Count == 0)
        {
            await LoadAsync(http, api, model!, chat: false);
            return;
        }
        if (system is { Length: > 0 }) prompt = ChatPrompt.Render([new("system", system), new("user", prompt)]).Prompt;
        await RunAsync(http, api, model!, new RkllmPromptInput(prompt) { EnableThinking = think }, images, options, stream, chat: false);
    }

    /// <summary>Fields both endpoints share: model, options, stream (default true), think, format, keep_alive.</summary>
    private static string? Common(OllamaFields fields, HttpApiContext api, out OllamaOptions options, out bool stream, out bool think)
    {
        var model = fields.String("model");
        if (string.IsNullOrEmpty(model)) fields.Fail("'model' is required");
        options = OllamaOptions.Bind(fields);
        stream = fields.Boolean("stream") ?? true;
        think = fields.Boolean("think") ?? false;
        if (fields.Body["format"] is { Type: not JTokenType.Null } format && !(format.Type == JTokenType.String && (string)format! == ""))
            fields.Fail("nano does not support structured output ('format')");
        if (fields.Body["keep_alive"] is { Type: not (JTokenType.Null or JTokenType.String or JTokenType.Integer or JTokenType.Float) })
            fields.Fail("'keep_alive' must be a duration string or a number of seconds");
        return model is null ? null : OllamaRun.ModelName(model, api.Server.Models);
    }

    private static async Task<bool> Refused(HttpContext http, OllamaFields fields)
    {
        if (fields.Error is not { } error) return false;
        await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, error);
        return true;
    }

    private static async Task RunAsync(HttpContext http, HttpApiContext api, string model, RkllmInput text, IReadOnlyList<string> images,
        OllamaOptions options, bool stream, bool chat)
    {
        var definition = api.Server.FindModel(model);
        var guard = api.Server.Guard;
        var prompt = ((RkllmPromptInput)text).Prompt;
        var param = chat ? "messages" : "prompt";
        if ((guard.Text(prompt, param) ?? guard.StopSequences(options.Stop, "options.stop")) is { } over)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, over.Message);
            return;
        }
        var (input, error) = OllamaImages.Bind(images, definition, model, text, guard);
        if (input is null)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, error!);
            return;
        }
        var imageTokens = input is RkllmMultimodalInput { Image: { } image } ? image.NImage * image.NImageTokens : 0;
        if (guard.Context(definition, prompt, param, imageTokens) is { } tooLong)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, tooLong.Message);
            return;
        }
        await OllamaRunner.RunAsync(http, api, new OllamaRun(model, definition, input, options, stream, chat));
    }

    /// <summary>Ollama's preload: load the model and answer one done object with done_reason "load".</summary>
    private static async Task LoadAsync(HttpContext http, HttpApiContext api, string model, bool chat)
    {
        CommandResult result;
        try
        {
            result = await api.Router.Ask<CommandResult>(new LoadModel { ModelId = model }, api.Server.Settings.CommandTimeout, http.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status504GatewayTimeout, $"loading model '{model}' did not finish in time");
            return;
        }
        if (!result.Ok)
        {
            await OllamaErrors.WriteAsync(http, OllamaErrors.Status(result.Code ?? NanoErrorCode.Internal), result.Message);
            return;
        }
        var done = new JObject { ["model"] = model, ["created_at"] = OllamaJson.Time(DateTimeOffset.UtcNow) };
        if (chat) done["message"] = new JObject { ["role"] = "assistant", ["content"] = "" };
        else done["response"] = "";
        done["done"] = true;
        done["done_reason"] = "load";
        await OllamaJson.WriteAsync(http, done);
    }
}
