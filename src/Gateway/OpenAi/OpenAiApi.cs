using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nano.Gateway.Http;
using Nano.Gateway.OpenAi.Internal;
using Nano.Gateway.Security;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi;

/// <summary>
/// The OpenAI-compatible API under /v1: models, chat completions, completions (whole or SSE) and embeddings, over
/// the router (pool or cluster). Errors are OpenAI's <c>{"error":{...}}</c> with matching statuses. Affinity: the
/// <c>X-Session-Id</c> header becomes the run's session (same handle, KV cache reuse); <c>user</c> is accepted and ignored.
/// </summary>
public sealed class OpenAiApi : IHttpApi
{
    public const string SessionHeader = "X-Session-Id";

    public void Map(IEndpointRouteBuilder routes, HttpApiContext context)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(context);
        // A key's allow-list hides the other models: unlisted, and unknown when named.
        routes.MapGet("/v1/models", http => JsonAsync(http, ModelObjects.List(context.Server.Models.Where(m => HttpCaller.Of(http).MaySee(m.Name)))));
        routes.MapGet("/v1/models/{id}", http =>
        {
            var id = (string)http.Request.RouteValues["id"]!;
            return context.Server.FindModel(id) is { } model && HttpCaller.Of(http).MaySee(id)
                ? JsonAsync(http, ModelObjects.Model(model))
                : OpenAiError.ModelNotFound(id).WriteAsync(http);
        });
        routes.MapPost("/v1/chat/completions", http => CompletionAsync(http, context, chat: true));
        routes.MapPost("/v1/completions", http => CompletionAsync(http, context, chat: false));
        routes.MapPost("/v1/embeddings", http => HandleAsync(http, context, (body, model, session) =>
            EmbeddingsRunner.RunAsync(http, context, body, model, session)));
    }

    private static Task CompletionAsync(HttpContext http, HttpApiContext context, bool chat) =>
        HandleAsync(http, context, (body, model, session) =>
        {
            var guard = context.Server.Guard;
            var request = chat ? RequestBinder.Chat(body, model, session, guard) : RequestBinder.Completion(body, model, session, guard);
            return new CompletionRunner(context, request, ModelObjects.IsSimulated(model)).RunAsync(http);
        });

    /// <summary>Reads and checks the body and its model, then runs <paramref name="handle"/>; bad fields become 400.</summary>
    private static async Task HandleAsync(HttpContext http, HttpApiContext context,
        Func<JObject, Nano.Actors.Configuration.ModelDefinition, string?, Task> handle)
    {
        var (body, error) = await RequestReader.ReadAsync(http, context.Server.Settings.MaxMessageBytes, context.Server.Settings.MaxJsonDepth).ConfigureAwait(false);
        if (error is not null)
        {
            await error.WriteAsync(http).ConfigureAwait(false);
            return;
        }
        try
        {
            var name = BodyFields.RequiredString(body!, "model");
            if (context.Server.FindModel(name) is not { } model || !HttpCaller.Of(http).MaySee(name))
            {
                await OpenAiError.ModelNotFound(name).WriteAsync(http).ConfigureAwait(false);
                return;
            }
            var session = http.Request.Headers[SessionHeader].FirstOrDefault() is { Length: > 0 } s ? s : null;
            await handle(body!, model, session).ConfigureAwait(false);
        }
        catch (BadFieldException bad) when (!http.Response.HasStarted)
        {
            await bad.Error.WriteAsync(http).ConfigureAwait(false);
        }
    }

    private static Task JsonAsync(HttpContext http, JObject json)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(json.ToString(Formatting.None), http.RequestAborted);
    }
}
