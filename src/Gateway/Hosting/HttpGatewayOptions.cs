using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Http;

namespace Nano.Gateway.Hosting;

/// <summary>What to serve over Kestrel: where, which endpoints, and the sessions behind them.</summary>
public sealed record HttpGatewayOptions
{
    /// <summary>The actor system the endpoints' listener actors live in.</summary>
    public required ActorSystem System { get; init; }

    /// <summary>The node's gateway context: each HTTP session, modern request and WebSocket gets an McpSessionActor over it.</summary>
    public required McpServerContext Context { get; init; }

    /// <summary>Address to bind (--bind); loopback by default.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>What to listen for: http (/mcp) and ws (/ws) on ports; kinds on the same port share a listener (port 0 too).</summary>
    public required IReadOnlyList<HttpEndpointSpec> Endpoints { get; init; }

    public HttpTransportSettings Settings { get; init; } = HttpTransportSettings.Default;

    /// <summary>Kestrel's and the endpoints' logs; none when null.</summary>
    public ILoggerFactory? Loggers { get; init; }
}

/// <summary>One endpoint to serve: <see cref="HttpEndpointKind.Http"/> (Streamable HTTP at /mcp) or WebSocket (/ws), on a port.</summary>
public sealed record HttpEndpointSpec(HttpEndpointKind Kind, int Port);

public enum HttpEndpointKind
{
    Http,
    WebSocket,
}

/// <summary>Where an endpoint actually listens (the real port when 0 was asked for).</summary>
public sealed record HttpBinding(HttpEndpointKind Kind, IPEndPoint EndPoint)
{
    /// <summary>The transport's name on the command line and in the listening line: http or ws.</summary>
    public string Name => Kind == HttpEndpointKind.Http ? "http" : "ws";

    /// <summary>The line NodeHost prints on stderr, which tests and scripts parse.</summary>
    public override string ToString() => $"nano: listening {Name} {EndPoint}";
}
