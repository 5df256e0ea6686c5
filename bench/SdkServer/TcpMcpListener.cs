using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Server;

namespace Nano.SdkServer;

/// <summary>
/// The SDK server over raw TCP with nano's TCP framing (newline-delimited JSON): each accepted socket gets its own
/// McpServer on a StreamServerTransport over the socket's stream, with the same options (tools) as the HTTP endpoint.
/// </summary>
internal sealed class TcpMcpListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly McpServerOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private TcpMcpListener(TcpListener listener, McpServerOptions options, IServiceProvider services)
    {
        _listener = listener;
        _options = options;
        _services = services;
        _loggers = services.GetRequiredService<ILoggerFactory>();
        _accepting = AcceptLoopAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public static TcpMcpListener Start(IPEndPoint endpoint, McpServerOptions options, IServiceProvider services)
    {
        var listener = new TcpListener(endpoint);
        listener.Start(backlog: 1024);
        return new TcpMcpListener(listener, options, services);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            socket.NoDelay = true; // as nano's TCP transport: one token per frame
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            await using var transport = new StreamServerTransport(stream, stream, "nano-sdk-comparison", _loggers);
            await using var server = McpServer.Create(transport, _options, _loggers, _services);
            await server.RunAsync(_stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: the session simply ends.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
