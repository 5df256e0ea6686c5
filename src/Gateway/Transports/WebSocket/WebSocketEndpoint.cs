using System.Net.WebSockets;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Transports.Http;
using Nano.Gateway.Transports.Http.Internal;
using Nano.Gateway.Transports.WebSocket.Internal;

namespace Nano.Gateway.Transports.WebSocket;

/// <summary>
/// The WebSocket endpoint (<c>/ws</c>): one JSON-RPC message per text message, the <c>mcp</c> subprotocol echoed
/// when the client offers it, Origin checked like /mcp. Each socket is a <see cref="WebSocketConnectionActor"/>.
/// </summary>
public sealed class WebSocketEndpoint
{
    public const string DefaultPath = "/ws";
    public const string SubProtocol = "mcp";
    /// <summary>Frames waiting for a client that does not read; past this the connection is closed (1008).</summary>
    private const int MaxQueuedFrames = 8192;

    private readonly IActorRef _listener;
    private readonly int _maxMessageBytes;
    private readonly OriginPolicy _origins;
    private readonly ILogger _log;

    internal WebSocketEndpoint(IActorRef listener, HttpTransportSettings settings, int maxMessageBytes, ILogger log)
    {
        _listener = listener;
        Listener = listener;
        _maxMessageBytes = maxMessageBytes;
        _origins = new OriginPolicy(settings.AllowedOrigins);
        _log = log;
    }

    /// <summary>Creates the endpoint's listener actor under <paramref name="system"/>; its connections run <paramref name="session"/>.</summary>
    /// <param name="maxMessageBytes">nano.gateway.max-message-bytes: a larger message is drained unread and answered with -31009.</param>
    public static WebSocketEndpoint Create(ActorSystem system, HttpTransportSettings settings, int maxMessageBytes, Props session, ILogger log,
        string actorName = "mcp-ws") =>
        new(system.ActorOf(WebSocketListenerActor.Props(session), actorName), settings, maxMessageBytes, log);

    /// <summary>The endpoint's listener actor; stopping it closes every connection.</summary>
    public IActorRef Listener { get; }

    public void Map(IEndpointRouteBuilder routes, string path = DefaultPath) => routes.Map(path, HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        if (!_origins.IsAllowed(context.Request.Headers.Origin.ToString()))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, null, JsonRpcErrorCodes.InvalidRequest,
                "Forbidden: this Origin may not open an MCP WebSocket");
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Headers.Upgrade = "websocket";
            await HttpErrors.WriteAsync(context, StatusCodes.Status426UpgradeRequired, null, JsonRpcErrorCodes.InvalidRequest,
                "Upgrade Required: /ws speaks MCP over WebSocket (subprotocol mcp)");
            return;
        }
        var offered = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = offered ? SubProtocol : null });
        var outbound = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(MaxQueuedFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var connection = await _listener.Ask<IActorRef>(new AcceptConnection(outbound.Writer, remote, Security.HttpCaller.Of(context)), TimeSpan.FromSeconds(10), context.RequestAborted);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var sending = SendAsync(socket, outbound.Reader, done);
        try
        {
            await WebSocketPump.ReceiveAsync(socket, connection, _maxMessageBytes, done.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            _log.LogDebug("WebSocket {Remote}: connection lost ({Reason})", remote, e.Message);
        }
        finally
        {
            connection.Tell(ConnectionClosed.Instance);
        }
        await sending;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // The peer is gone already.
            }
        }
    }

    /// <summary>Runs until the actor completes the channel or the socket breaks; then it stops the receive loop too.</summary>
    private static async Task SendAsync(System.Net.WebSockets.WebSocket socket, ChannelReader<OutboundFrame> outbound, CancellationTokenSource done)
    {
        try
        {
            await WebSocketPump.SendAsync(socket, outbound, done.Token);
            // We closed (idle, slow client): the client has a moment to answer the close before the socket goes.
            done.CancelAfter(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            await done.CancelAsync();
        }
    }
}
