using Akka.Actor;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// A request's <c>tools</c> → rkllm_set_function_tools on the model's handles before the run. RKLLM keeps tools per
/// handle, so the model is loaded first (SetFunctionTools needs a live handle) and the tools stay set for later
/// requests on that handle until others replace them. With a session, only the session's handle is changed when it
/// has one; otherwise every live handle of the model.
/// </summary>
internal static class FunctionTools
{
    private const string ToolResponse = "<tool_response>";

    public static async Task<OpenAiError?> SetAsync(HttpApiContext context, OpenAiRequest request, CancellationToken cancellationToken)
    {
        var timeout = context.Server.Settings.CommandTimeout;
        try
        {
            var loaded = await context.Router.Ask<CommandResult>(new LoadModel { ModelId = request.Model }, timeout, cancellationToken).ConfigureAwait(false);
            if (!loaded.Ok) return OpenAiError.From(loaded.Code ?? NanoErrorCode.Internal, loaded.Message, retriable: true);
            var set = new SetFunctionTools(request.ToolsSystemPrompt, request.ToolsJson!, ToolResponse) { ModelId = request.Model, SessionId = request.SessionId };
            var result = await context.Router.Ask<CommandResult>(set, timeout, cancellationToken).ConfigureAwait(false);
            if (!result.Ok && request.SessionId is not null)
                result = await context.Router.Ask<CommandResult>(set with { SessionId = null }, timeout, cancellationToken).ConfigureAwait(false);
            return result.Ok ? null : OpenAiError.From(result.Code ?? NanoErrorCode.BadRequest, $"could not set the function tools: {result.Message}");
        }
        catch (AskTimeoutException)
        {
            return OpenAiError.From(NanoErrorCode.Timeout, $"setting the function tools of model '{request.Model}' took longer than {timeout}");
        }
    }
}
