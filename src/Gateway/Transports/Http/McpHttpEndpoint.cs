using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Transports.Http.Internal;

namespace Nano.Gateway.Transports.Http;

/// <summary>
/// The Streamable HTTP endpoint (<c>/mcp</c>), serving both eras: POST for every message; GET (the session's SSE
/// stream, Last-Event-ID resumption) and DELETE (end of session) for legacy sessions, 405 for 2026-07-28.
/// Every request's Origin is checked first (403); allowed browser origins also get CORS headers. The handlers are thin: sessions live in actors under
/// <paramref name="listener"/> (a <see cref="McpHttpListenerActor"/>).
/// </summary>
public sealed class McpHttpEndpoint
{
    public const string DefaultPath = "/mcp";

    private readonly OriginPolicy _origins;
    private readonly McpPost _post;
    private readonly McpSessionRequests _sessions;

    internal McpHttpEndpoint(IActorRef listener, HttpTransportSettings settings, JsonRpcCodec codec)
    {
        Listener = listener;
        _origins = new OriginPolicy(settings.AllowedOrigins);
        _post = new McpPost(listener, codec);
        _sessions = new McpSessionRequests(listener);
    }

    /// <summary>Creates the endpoint's listener actor under <paramref name="system"/>; its sessions run <paramref name="session"/>.</summary>
    public static McpHttpEndpoint Create(ActorSystem system, HttpTransportSettings settings, JsonRpcCodec codec, Props session, string actorName = "mcp-http")
    {
        var listener = system.ActorOf(McpHttpListenerActor.Props(settings, session), actorName);
        return new McpHttpEndpoint(listener, settings, codec);
    }

    /// <summary>The endpoint's <see cref="McpHttpListenerActor"/>; stopping it ends every session and open stream.</summary>
    public IActorRef Listener { get; }

    public void Map(IEndpointRouteBuilder routes, string path = DefaultPath)
    {
        routes.MapPost(path, Guarded(_post.HandleAsync));
        routes.MapGet(path, Guarded(_sessions.GetAsync));
        routes.MapDelete(path, Guarded(_sessions.DeleteAsync));
        routes.MapMethods(path, [HttpMethods.Options], Guarded(Cors.PreflightAsync));
        routes.MapMethods(path, [HttpMethods.Put, HttpMethods.Patch, HttpMethods.Head], Guarded(context =>
        {
            context.Response.Headers.Allow = "GET, POST, DELETE";
            return HttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, null, JsonRpcErrorCodes.InvalidRequest,
                "Method Not Allowed: POST JSON-RPC messages; GET and DELETE for legacy sessions");
        }));
    }

    private RequestDelegate Guarded(RequestDelegate handler) => async context =>
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!_origins.IsAllowed(origin))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, null, JsonRpcErrorCodes.InvalidRequest,
                "Forbidden: this Origin may not call the MCP endpoint");
            return;
        }
        if (origin.Length > 0) Cors.Allow(context.Response, origin);
        try
        {
            await handler(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
    };
}
