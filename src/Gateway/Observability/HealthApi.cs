using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nano.Actors.Cluster;
using Nano.Gateway.Http;
using Nano.Gateway.Observability.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Observability;

/// <summary>
/// GET /health (liveness: 200 {"status":"ok"} while the actor system runs) and GET /ready (readiness: 200
/// {"status":"ready"}, or 503 {"status":"not_ready","reasons":[...]}: not an Up member, no npu node up, a model not
/// placed, or the router not answering).
/// </summary>
public sealed class HealthApi : IHttpApi
{
    public const string HealthPath = "/health";
    public const string ReadyPath = "/ready";
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(3);

    public void Map(IEndpointRouteBuilder routes, HttpApiContext context)
    {
        routes.MapGet(HealthPath, http => Live(http, context));
        routes.MapGet(ReadyPath, http => ReadyAsync(http, context));
    }

    private static Task Live(HttpContext http, HttpApiContext context) =>
        context.System.WhenTerminated.IsCompleted
            ? Write(http, StatusCodes.Status503ServiceUnavailable, new JObject { ["status"] = "terminated" })
            : Write(http, StatusCodes.Status200OK, new JObject { ["status"] = "ok" });

    private static async Task ReadyAsync(HttpContext http, HttpApiContext context)
    {
        IReadOnlyList<string> reasons;
        try
        {
            var status = await context.Router.Ask<ClusterStatus>(GetClusterStatus.Instance, StatusTimeout, http.RequestAborted);
            reasons = Readiness.Reasons(status, context.Server.Models);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            reasons = [$"the model router did not answer within {StatusTimeout.TotalSeconds:0} s"];
        }
        await (reasons.Count == 0
            ? Write(http, StatusCodes.Status200OK, new JObject { ["status"] = "ready" })
            : Write(http, StatusCodes.Status503ServiceUnavailable, new JObject { ["status"] = "not_ready", ["reasons"] = new JArray(reasons) }));
    }

    private static Task Write(HttpContext http, int status, JObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(body.ToString(Newtonsoft.Json.Formatting.None), http.RequestAborted);
    }
}
