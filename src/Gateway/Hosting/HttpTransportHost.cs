using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nano.Gateway.Hosting.Internal;
using Nano.Gateway.Http;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.Gateway.Transports.WebSocket;

namespace Nano.Gateway.Hosting;

/// <summary>
/// The node's Kestrel server behind <see cref="IHttpTransportHost"/>: Streamable HTTP at /mcp and WebSocket at /ws,
/// one listener per distinct port (http and ws on one port share it; port 0 too). A small web host of its own, so
/// NodeHost stays a generic host: no configuration sources, no Ctrl+C handling, logs through the node's loggers.
/// </summary>
/// <param name="name">Prefix of the endpoints' actor names (<c>{name}-http</c>, <c>{name}-ws</c>), unique per actor system.</param>
/// <param name="apis">The HTTP APIs served beside /mcp on http listeners (OpenAI, Ollama, admin, health, metrics, status page).</param>
public sealed class HttpTransportHost(HttpTransportSettings settings, ILoggerFactory? loggers = null, string name = "mcp",
    IEnumerable<IHttpApi>? apis = null)
    : IHttpTransportHost, IAsyncDisposable
{
    private const string KindsItem = "nano.kinds";
    private readonly ILoggerFactory _loggers = loggers ?? NullLoggerFactory.Instance;
    private readonly List<IActorRef> _listeners = [];
    private WebApplication? _app;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;

    public async Task<IReadOnlyList<ListeningEndpoint>> StartAsync(HttpTransportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_app is not null) throw new InvalidOperationException("the HTTP transports are already started");
        var groups = context.Endpoints.GroupBy(e => e.Port).Select(g => (Port: g.Key, Kinds: g.Select(e => e.Kind).ToHashSet())).ToList();
        var listeners = new Dictionary<int, ListenOptions>();
        var gateway = context.Server.Settings;
        // Loaded once per start (a bad certificate stops the node here with the reason) and kept until disposal.
        var certificate = _certificate = gateway.Tls.Enabled ? gateway.Tls.Load() : null;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "nano" });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(_loggers);
        builder.Services.AddSingleton<IHostLifetime, NodeOwnedLifetime>();
        // Open SSE streams end when their sessions stop; the node does not wait long for stragglers.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // /mcp, /ws and the APIs enforce nano.gateway.max-message-bytes themselves, answering in their own error shape;
            // Kestrel's bound sits a read buffer above it, a backstop for anything that would not (413, no body).
            kestrel.Limits.MaxRequestBodySize = gateway.MaxMessageBytes + 2L * 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = gateway.HttpMaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = gateway.HttpMaxHeaderCount;
            kestrel.Limits.MaxRequestLineSize = Math.Min(gateway.HttpMaxHeaderBytes, kestrel.Limits.MaxRequestLineSize);
            foreach (var (port, kinds) in groups)
                kestrel.Listen(context.BindAddress, port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    if (certificate is not null)
                        listen.UseHttps(new HttpsConnectionAdapterOptions
                        {
                            ServerCertificate = certificate,
                            HandshakeTimeout = TimeSpan.FromSeconds(10),
                        });
                    // Which endpoints this listener serves, for the requests of its connections.
                    listen.Use(next => connection =>
                    {
                        connection.Items[KindsItem] = kinds;
                        return next(connection);
                    });
                    listeners[port] = listen;
                });
        });

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use((http, next) => Serves(http) ? next(http) : NotHere(http));
        // API keys and per-client limits before any API (nano.gateway.auth, nano.gateway.limits).
        app.Use(new Security.Internal.HttpAccessGate(context.Server.Access).InvokeAsync);
        var session = McpSessionActor.Props(context.Server);
        if (groups.Any(g => g.Kinds.Contains(TransportKind.Http)))
        {
            var mcp = McpHttpEndpoint.Create(context.System, settings, context.Server.Codec, session, $"{name}-http");
            mcp.Map(app);
            _listeners.Add(mcp.Listener);
            var api = new HttpApiContext(context.System, context.Server, _loggers);
            foreach (var module in apis ?? []) module.Map(app, api);
        }
        if (groups.Any(g => g.Kinds.Contains(TransportKind.WebSocket)))
        {
            var ws = WebSocketEndpoint.Create(context.System, settings, context.Server.Settings.MaxMessageBytes, session,
                _loggers.CreateLogger<WebSocketEndpoint>(), $"{name}-ws");
            ws.Map(app);
            _listeners.Add(ws.Listener);
        }

        await app.StartAsync(cancellationToken);
        _app = app;
        // Kestrel writes the bound endpoint (the real port for 0) back into each listener's options.
        return context.Endpoints.Select(e => new ListeningEndpoint(e.Kind, listeners[e.Port].IPEndPoint)).ToList();
    }

    /// <summary>Ends every session and connection (their runs are cancelled, their streams close), then stops Kestrel.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners) listener.Tell(PoisonPill.Instance);
        _listeners.Clear();
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _certificate?.Dispose();
    }

    /// <summary>Whether the request's listener serves its path (/ws for ws; /mcp and every other API for http).</summary>
    private static bool Serves(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items[KindsItem] is not HashSet<TransportKind> kinds) return true;
        var path = context.Request.Path;
        if (path.StartsWithSegments(WebSocketEndpoint.DefaultPath)) return kinds.Contains(TransportKind.WebSocket);
        return kinds.Contains(TransportKind.Http);
    }

    private static Task NotHere(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
