using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nano.Gateway.Hosting.Internal;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Http;
using Nano.Gateway.Transports.WebSocket;

namespace Nano.Gateway.Hosting;

/// <summary>
/// The Kestrel server of a node: Streamable HTTP at /mcp and WebSocket at /ws, one listener per distinct port (http
/// and ws on the same port share it). Its own small web host, so NodeHost stays a generic host; its lifetime is the
/// node's (no Ctrl+C handling, no configuration sources of its own).
/// </summary>
public sealed class HttpGatewayHost : IAsyncDisposable
{
    private const string KindsItem = "nano.kinds";
    private readonly WebApplication _app;

    private HttpGatewayHost(WebApplication app, IReadOnlyList<HttpBinding> bindings)
    {
        _app = app;
        Bindings = bindings;
    }

    /// <summary>Where each requested endpoint listens, in the order asked.</summary>
    public IReadOnlyList<HttpBinding> Bindings { get; }

    public static async Task<HttpGatewayHost> StartAsync(HttpGatewayOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggers = options.Loggers ?? NullLoggerFactory.Instance;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "nano" });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<ILoggerFactory>(loggers);
        builder.Services.AddSingleton<IHostLifetime, NodeOwnedLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddRoutingCore();

        var groups = options.Endpoints.GroupBy(e => e.Port).Select(g => (Port: g.Key, Kinds: g.Select(e => e.Kind).ToHashSet())).ToList();
        var bound = new Dictionary<int, ListenOptions>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // /mcp and /ws enforce nano.gateway.max-message-bytes themselves, with a JSON-RPC error.
            kestrel.Limits.MaxRequestBodySize = null;
            foreach (var (port, kinds) in groups)
                kestrel.Listen(options.Bind, port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    // Which endpoints this listener serves, for the requests of its connections.
                    listen.Use(next => connection =>
                    {
                        connection.Items[KindsItem] = kinds;
                        return next(connection);
                    });
                    bound[port] = listen;
                });
        });

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use((context, next) => Serves(context) ? next(context) : NotHere(context));
        var session = McpSessionActor.Props(options.Context);
        if (groups.Any(g => g.Kinds.Contains(HttpEndpointKind.Http)))
            McpHttpEndpoint.Create(options.System, options.Settings, options.Context.Codec, session).Map(app);
        if (groups.Any(g => g.Kinds.Contains(HttpEndpointKind.WebSocket)))
            WebSocketEndpoint.Create(options.System, options.Settings, options.Context.Settings.MaxMessageBytes, session, loggers.CreateLogger<WebSocketEndpoint>()).Map(app);

        await app.StartAsync(ct);
        var bindings = options.Endpoints.Select(e => new HttpBinding(e.Kind, bound[e.Port].IPEndPoint!)).ToList();
        return new HttpGatewayHost(app, bindings);
    }

    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Whether the request's listener serves its path (/mcp for http, /ws for ws).</summary>
    private static bool Serves(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items?[KindsItem] is not HashSet<HttpEndpointKind> kinds) return true;
        var path = context.Request.Path;
        if (path.StartsWithSegments(McpHttpEndpoint.DefaultPath)) return kinds.Contains(HttpEndpointKind.Http);
        if (path.StartsWithSegments(WebSocketEndpoint.DefaultPath)) return kinds.Contains(HttpEndpointKind.WebSocket);
        return true;
    }

    private static Task NotHere(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
