using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Nano.Actors.Configuration;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports;

namespace Nano.Gateway.Hosting;

/// <summary>What <see cref="McpGatewayHostingExtensions.WithMcpGateway"/> serves and how it reports.</summary>
public sealed record GatewayOptions
{
    public required IReadOnlyList<TransportEndpoint> Endpoints { get; init; }

    /// <summary>Address of the network transports; loopback unless --bind says otherwise (another address needs API keys).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    public GatewaySettings Settings { get; init; } = GatewaySettings.Default;

    /// <summary>The configured models (tool arguments such as image input, and the nano://models resources).</summary>
    public required IReadOnlyList<ModelDefinition> Models { get; init; }

    public ServerIdentity? Server { get; init; }

    /// <summary>Validates models added at run time (add_model, POST /admin/models); null refuses adding models.</summary>
    public ModelEntryParser? ModelParser { get; init; }

    /// <summary>The model router sessions talk to; default: the pool WithNpuPool registered (add WithNpuPool first).</summary>
    public Func<IActorRegistry, IActorRef>? Router { get; init; }

    /// <summary>Called once per endpoint listening, with the bound port (NodeHost prints "nano: listening tcp 127.0.0.1:41234").</summary>
    public Action<ListeningEndpoint>? OnListening { get; init; }

    /// <summary>stdio transport streams; default: this process's standard input and output.</summary>
    public Func<(Stream Input, Stream Output)>? StdioStreams { get; init; }

    /// <summary>Called when the stdio transport ends (stdin closed, answers written): NodeHost stops the process.</summary>
    public Action? OnStdioClosed { get; init; }

    /// <summary>Loggers for the audit log (category Nano.Audit); null: audit events are not logged (the audit file still gets them).</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? Loggers { get; init; }

    /// <summary>Serves the http and ws endpoints; when null they are skipped with a warning.</summary>
    public IHttpTransportHost? HttpHost { get; init; }
}
