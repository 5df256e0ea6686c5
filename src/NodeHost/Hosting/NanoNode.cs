using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nano.Actors.Cluster;
using Nano.Actors.Hosting;
using Nano.Actors.Configuration;
using Nano.Gateway.Admin;
using Nano.Gateway.Hosting;
using Nano.Gateway.Http;
using Nano.Gateway.StatusPage;
using Nano.Gateway.Observability;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Http;
using Nano.NodeHost.Configuration;
using Nano.NodeHost.Hosting.Internal;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Nano.NodeHost.Hosting;

/// <summary>The composition root: a Generic Host running one actor system ("nano") with the NPU pool.</summary>
public static class NanoNode
{
    public const string SystemName = "nano";

    /// <param name="log">Where logs go: the CLI's error stream, never stdout (which carries tokens or the stdio protocol).</param>
    /// <param name="serve">Start the MCP gateway on the configured transports (`run`); one-shot commands do not.</param>
    public static IHost Build(NodeConfiguration node, TextWriter log, bool serve = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "nano" });
        builder.Logging.ClearProviders()
            .AddProvider(new TextWriterLoggerProvider(log))
            .SetMinimumLevel(node.LogLevel)
            // The host's own lifecycle chatter is noise in a CLI unless debugging.
            .AddFilter("Microsoft", node.Debug ? LogLevel.Debug : LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton<RuntimeProvider>();
        builder.Services.AddHostedService<NodeAnnouncer>();
        // Kestrel for the http (/mcp) and ws (/ws) transports, behind the gateway's IHttpTransportHost seam.
        builder.Services.AddMcpHttpTransports(HttpTransportSettings.FromConfig(node.Config));
        // The status page at GET / (with /status.json and /status/events).
        builder.Services.AddSingleton<IHttpApi, StatusPageApi>();
        builder.Services.AddSingleton<Nano.Gateway.Http.IHttpApi, Nano.Gateway.Ollama.OllamaApi>();
        builder.Services.AddSingleton<Nano.Gateway.Http.IHttpApi, Nano.Gateway.OpenAi.OpenAiApi>();
        // Health (/health, /ready) and Prometheus metrics (/metrics) beside /mcp on the http listener.
        builder.Services.AddSingleton<IHttpApi, HealthApi>();
        builder.Services.AddSingleton<IHttpApi, MetricsApi>(_ => new MetricsApi());
        builder.Services.AddSingleton<IHttpApi, AdminApi>();
        builder.Services.AddAkka(SystemName, (akka, services) =>
        {
            akka.AddHocon(node.Config, HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = AkkaLevel(node.LogLevel);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                });
            if (node.Debug) akka.AddHocon("akka.actor.debug { unhandled = on, lifecycle = on }", HoconAddMode.Prepend);
            var cluster = node.Cluster;
            // Standalone, a node is one board with both roles and no remoting; in cluster mode its roles decide.
            if (!cluster.Enabled || cluster.HasRole(NodeRoles.Npu))
                akka.WithNpuPool(new NpuPoolOptions(node.Pool, node.Models.Models, services.GetRequiredService<RuntimeProvider>().Get, node.NodeName));
            if (cluster.Enabled)
            {
                akka.WithNanoCluster(new NanoClusterOptions(cluster, node.Models.Models, node.Pool, node.NodeName, node.Board));
                // Parseable like the listening lines, with the bound port (--cluster-port 0 picks one), so scripts and
                // tests can seed other nodes with it: "nano: cluster akka.tcp://nano@127.0.0.1:4053 roles npu,gateway".
                akka.WithActors((system, _) =>
                {
                    log.WriteLine($"nano: cluster {Akka.Cluster.Cluster.Get(system).SelfAddress} roles {string.Join(",", cluster.Roles)}");
                    log.Flush();
                });
            }
            if (serve && (!cluster.Enabled || cluster.HasRole(NodeRoles.Gateway)))
                akka.WithMcpGateway(Gateway(node, log, services));
        });
        return builder.Build();
    }

    private static GatewayOptions Gateway(NodeConfiguration node, TextWriter log, IServiceProvider services) => new()
    {
        Endpoints = node.Endpoints,
        BindAddress = node.BindAddress,
        Settings = node.Gateway,
        Models = node.Models.Models,
        ModelParser = ModelEntryParser.For(node.Models),
        // Parseable, one per endpoint, on stderr: "nano: listening tcp 127.0.0.1:41234" (then " (tls)" when encrypted).
        OnListening = endpoint =>
        {
            var tls = node.Gateway.Tls.Enabled && endpoint.Kind is TransportKind.Tcp or TransportKind.Http or TransportKind.WebSocket;
            log.WriteLine(tls ? $"{endpoint} (tls)" : endpoint.ToString());
            log.Flush();
        },
        // The stdio binding's shutdown: when the client closes stdin (and every answer is out), the process ends.
        OnStdioClosed = () => services.GetRequiredService<IHostApplicationLifetime>().StopApplication(),
        HttpHost = services.GetService<IHttpTransportHost>(),
        Loggers = services.GetRequiredService<ILoggerFactory>(),
        Router = node.Cluster.Enabled ? registry => registry.Get<ClusterRouter>() : null,
    };

    private static AkkaLogLevel AkkaLevel(LogLevel level) => level switch
    {
        <= LogLevel.Debug => AkkaLogLevel.DebugLevel,
        LogLevel.Information => AkkaLogLevel.InfoLevel,
        LogLevel.Warning => AkkaLogLevel.WarningLevel,
        _ => AkkaLogLevel.ErrorLevel,
    };
}
