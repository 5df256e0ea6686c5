using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Nano.Actors.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Security;
using Nano.Gateway.Transports;
using Nano.Gateway.Transports.Stdio;
using Nano.Gateway.Transports.Tcp;
using Nano.Gateway.Transports.Udp;

namespace Nano.Gateway.Hosting;

/// <summary>The gateway module's front door for Akka.Hosting.</summary>
public static class McpGatewayHostingExtensions
{
    /// <summary>
    /// Adds the module's HOCON defaults behind anything configured earlier, binds every endpoint (a taken port fails
    /// the start with <see cref="GatewayBindException"/>), starts one listener actor per TCP/UDP endpoint and the
    /// stdio transport, hands http/ws endpoints to <see cref="GatewayOptions.HttpHost"/>, and registers the shared
    /// <see cref="McpServerContext"/> holder as <see cref="McpGateway"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithMcpGateway(this AkkaConfigurationBuilder builder, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireKeysOffLoopback(options);
        return builder
            .AddHocon(NanoGatewayConfig.Default, HoconAddMode.Append)
            .WithActors((system, registry) =>
            {
                var router = options.Router?.Invoke(registry) ?? registry.Get<NpuPool>();
                var settings = options.Settings;
                var access = new AccessControl(settings.Auth, new ClientLimiter(settings.ClientLimits), new AuditLog(options.Loggers, settings.AuditFile));
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseActorSystemTerminate, "dispose-access-control", () =>
                {
                    access.Dispose();
                    return Task.FromResult(Akka.Done.Instance);
                });
                var context = new McpServerContext(router, settings, options.Models, options.Server) { ModelParser = options.ModelParser, Access = access };
                registry.Register<McpGateway>(system.ActorOf(McpGateway.Props(context), "mcp-gateway"));
                if (context.Models is ModelList list) system.ActorOf(Internal.ModelListSync.Props(list), "model-list-sync");
                foreach (var endpoint in options.Endpoints)
                    Start(system, context, options, endpoint);
                StartHttp(system, context, options);
            });
    }

    /// <summary>
    /// Auth may be off only while nothing listens beyond this machine: a network transport on another address (any
    /// address included) with no API key configured is refused before anything starts.
    /// </summary>
    /// <exception cref="GatewayBindException">the rule is broken; the message says how to fix it.</exception>
    public static void RequireKeysOffLoopback(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Settings.Auth.Enabled || IPAddress.IsLoopback(options.BindAddress)) return;
        if (options.Endpoints.All(e => e.Kind == TransportKind.Stdio)) return;
        throw new GatewayBindException(
            $"refusing to listen on {options.BindAddress} without API keys: anyone who can reach it could use every model. " +
            $"Configure keys (nano.gateway.auth.keys, or {AuthSettings.EnvironmentVariable}=id:secret; `nano hash-key` prints a hash) " +
            "or bind to loopback (--bind 127.0.0.1).");
    }

    private static void Start(ActorSystem system, McpServerContext context, GatewayOptions options, TransportEndpoint endpoint)
    {
        switch (endpoint.Kind)
        {
            case TransportKind.Tcp:
            {
                var socket = Bind(endpoint, options.BindAddress, TcpListenerActor.Bind);
                system.ActorOf(TcpListenerActor.Props(socket, context, Certificate(context.Settings.Tls, socket)), $"mcp-tcp-{Port(socket)}");
                options.OnListening?.Invoke(new ListeningEndpoint(TransportKind.Tcp, (IPEndPoint)socket.LocalEndPoint!));
                break;
            }
            case TransportKind.Udp:
            {
                var socket = Bind(endpoint, options.BindAddress, UdpListenerActor.Bind);
                system.ActorOf(UdpListenerActor.Props(socket, context), $"mcp-udp-{Port(socket)}");
                options.OnListening?.Invoke(new ListeningEndpoint(TransportKind.Udp, (IPEndPoint)socket.LocalEndPoint!));
                break;
            }
            case TransportKind.Stdio:
            {
                var (input, output) = options.StdioStreams?.Invoke() ?? (Console.OpenStandardInput(), Console.OpenStandardOutput());
                system.ActorOf(StdioTransportActor.Props(input, output, context, options.OnStdioClosed), "mcp-stdio");
                options.OnListening?.Invoke(new ListeningEndpoint(TransportKind.Stdio, null));
                break;
            }
        }
    }

    private static void StartHttp(ActorSystem system, McpServerContext context, GatewayOptions options)
    {
        var endpoints = options.Endpoints.Where(e => e.Kind is TransportKind.Http or TransportKind.WebSocket).ToList();
        if (endpoints.Count == 0) return;
        if (options.HttpHost is not { } host)
        {
            system.Log.Warning("No HTTP transport is registered in this build: not serving {Endpoints}", string.Join(", ", endpoints));
            return;
        }
        IReadOnlyList<ListeningEndpoint> listening;
        try
        {
            // Blocking here keeps start-up ordered: the node reports every endpoint, or fails, before it runs.
            listening = host.StartAsync(new HttpTransportContext(system, context, options.BindAddress, endpoints), CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not GatewayBindException)
        {
            throw new GatewayBindException($"cannot serve {string.Join(", ", endpoints)} on {options.BindAddress}: {e.GetBaseException().Message}", e);
        }
        foreach (var endpoint in listening) options.OnListening?.Invoke(endpoint);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-http-transports", async () =>
        {
            await host.StopAsync(CancellationToken.None);
            return Akka.Done.Instance;
        });
    }

    private static Socket Bind(TransportEndpoint endpoint, IPAddress address, Func<IPEndPoint, Socket> bind)
    {
        try
        {
            return bind(new IPEndPoint(address, endpoint.Port));
        }
        catch (SocketException e)
        {
            throw new GatewayBindException($"cannot listen on {TransportEndpoint.KindName(endpoint.Kind)} {address}:{endpoint.Port}: {e.Message}", e);
        }
    }

    /// <summary>The TLS certificate for a TCP listener, or null when TLS is off; a bad one stops the start with the reason.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate(TlsSettings tls, Socket socket)
    {
        if (!tls.Enabled) return null;
        try
        {
            return tls.Load();
        }
        catch (InvalidOperationException e)
        {
            socket.Dispose();
            throw new GatewayBindException(e.Message, e);
        }
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
