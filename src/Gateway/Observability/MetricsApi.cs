using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nano.Actors.Cluster;
using Nano.Actors.Diagnostics;
using Nano.Gateway.Http;
using Nano.Gateway.Observability.Internal;
using Prometheus;

namespace Nano.Gateway.Observability;

/// <summary>
/// GET /metrics in the Prometheus text format. A registry of its own per API instance (one per node), so nodes in
/// one process do not mix their gauges: the actors' and the gateway's meters (<see cref="NanoActorMetrics"/>,
/// <see cref="NanoMetrics"/>) come in through a listener per API instance (Internal/MeterBridge), the pool, cluster and
/// host gauges are set from the router's ClusterStatus at each scrape, so one node's scrape shows every board. The
/// meters are process-wide: in-process nodes tell theirs apart by the node label.
/// </summary>
public sealed class MetricsApi : IHttpApi, IDisposable
{
    public const string Path = "/metrics";
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly IDisposable _meters;
    private readonly StatusGauges _gauges;
    private readonly SemaphoreSlim _scrape = new(1, 1);

    public MetricsApi()
    {
        var metrics = Metrics.WithCustomRegistry(_registry);
        _meters = new MeterBridge(metrics, new HashSet<string> { NanoActorMetrics.MeterName, NanoMetrics.MeterName }, Buckets);
        _gauges = new StatusGauges(metrics);
    }

    /// <summary>Seconds from 5 ms to 2 min; tokens/s shares them (0.005 … 120 covers both ranges well enough).</summary>
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

    public void Map(IEndpointRouteBuilder routes, HttpApiContext context) =>
        routes.MapGet(Path, http => ScrapeAsync(http, context));

    private async Task ScrapeAsync(HttpContext http, HttpApiContext context)
    {
        var cancel = http.RequestAborted;
        var status = await StatusAsync(context.Router, cancel);
        await _scrape.WaitAsync(cancel);
        try
        {
            _gauges.Update(status);
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await _registry.CollectAndExportAsTextAsync(http.Response.Body, cancel);
        }
        finally
        {
            _scrape.Release();
        }
    }

    private static async Task<ClusterStatus?> StatusAsync(IActorRef router, CancellationToken cancel)
    {
        try
        {
            return await router.Ask<ClusterStatus>(GetClusterStatus.Instance, StatusTimeout, cancel);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _meters.Dispose();
        _scrape.Dispose();
    }
}
