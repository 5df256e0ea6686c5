using System.Net;
using Akka.Actor;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports;

namespace Nano.Gateway.Hosting;

/// <summary>
/// The seam for the HTTP-based transports (Streamable HTTP at /mcp, WebSocket at /ws), implemented on Kestrel
/// elsewhere and registered in the host's services. WithMcpGateway calls it once at start with every http and ws
/// endpoint asked for, and stops it with the actor system.
/// </summary>
public interface IHttpTransportHost
{
    /// <summary>
    /// Starts serving <see cref="HttpTransportContext.Endpoints"/> (kinds <see cref="TransportKind.Http"/> and
    /// <see cref="TransportKind.WebSocket"/>; an http and a ws endpoint may share a port) and returns where each one
    /// listens, with the bound port for port 0. Throws when an address cannot be bound.
    /// </summary>
    Task<IReadOnlyList<ListeningEndpoint>> StartAsync(HttpTransportContext context, CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}

/// <summary>What the HTTP transports get: the actor system, the shared MCP context (router, limits, codec) and where to listen.</summary>
/// <param name="Server">Create one <see cref="McpSessionActor"/> per HTTP session or request with <c>McpSessionActor.Props(Server, transport)</c>.</param>
public sealed record HttpTransportContext(ActorSystem System, McpServerContext Server, IPAddress BindAddress, IReadOnlyList<TransportEndpoint> Endpoints);
