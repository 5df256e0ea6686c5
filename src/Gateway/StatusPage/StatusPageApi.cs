using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nano.Actors.Cluster;
using Nano.Gateway.Http;
using Nano.Gateway.StatusPage.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.StatusPage;

/// <summary>
/// The status page: <c>GET /</c> (one HTML, one JS, one CSS file, embedded), <c>GET /status.json</c> (boards,
/// models, handles, queues, placements and recent activity) and <c>GET /status/events</c> (the same document as
/// server-sent events, one a second, which the page renders live).
/// </summary>
public sealed class StatusPageApi : IHttpApi
{
    /// <summary>How often /status/events sends a document.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // A status page must stay responsive when the router is slow: it says so instead of waiting the command timeout.
    private static readonly TimeSpan AskBound = TimeSpan.FromSeconds(5);

    public ActivityTracker Tracker { get; } = new();

    public void Map(IEndpointRouteBuilder routes, HttpApiContext context)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(context);
        context.System.ActorOf(ActivityListenerActor.Props(Tracker));
        routes.MapGet("/", http => Asset(http, "index.html", "text/html; charset=utf-8"));
        routes.MapGet("/status/app.js", http => Asset(http, "app.js", "text/javascript; charset=utf-8"));
        routes.MapGet("/status/app.css", http => Asset(http, "app.css", "text/css; charset=utf-8"));
        routes.MapGet("/status.json", async http =>
        {
            var document = await DocumentAsync(context, http.RequestAborted).ConfigureAwait(false);
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsync(document.ToString(Formatting.None), http.RequestAborted).ConfigureAwait(false);
        });
        routes.MapGet("/status/events", http => EventsAsync(http, context));
    }

    private static Task Asset(HttpContext http, string name, string contentType)
    {
        var bytes = EmbeddedAssets.Get(name);
        http.Response.ContentType = contentType;
        http.Response.ContentLength = bytes.Length;
        return http.Response.Body.WriteAsync(bytes, http.RequestAborted).AsTask();
    }

    private async Task EventsAsync(HttpContext http, HttpApiContext context)
    {
        var aborted = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                var document = await DocumentAsync(context, aborted).ConfigureAwait(false);
                await http.Response.WriteAsync($"event: status\ndata: {document.ToString(Formatting.None)}\n\n", aborted).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(aborted).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away: the stream simply ends.
        }
    }

    private async Task<JObject> DocumentAsync(HttpApiContext context, CancellationToken cancellationToken)
    {
        try
        {
            var status = await context.Router.Ask<ClusterStatus>(GetClusterStatus.Instance, AskBound, cancellationToken).ConfigureAwait(false);
            return StatusDocument.Build(status, Tracker.Snapshot(), DateTimeOffset.UtcNow);
        }
        catch (AskTimeoutException)
        {
            return StatusDocument.Unavailable($"the router did not answer within {AskBound.TotalSeconds:0} s", Tracker.Snapshot(), DateTimeOffset.UtcNow);
        }
    }
}
