using System.Net;
using System.Net.Sockets;
using Nano.EchoServer;

// Usage: Nano.EchoServer [--port PORT] [--bind ADDR]   (port 0 = ephemeral; prints `listening tcp ADDR:PORT` on stderr)
var bind = IPAddress.Loopback;
var port = 0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port" when int.TryParse(args[i + 1], out var p) && p is >= 0 and <= 65535: port = p; break;
        case "--bind" when IPAddress.TryParse(args[i + 1], out var a): bind = a; break;
        default:
            Console.Error.WriteLine($"echo: bad option {args[i]} {args[i + 1]}\nusage: Nano.EchoServer [--port PORT] [--bind ADDR]");
            return 2;
    }
}
if (args.Length % 2 != 0)
{
    Console.Error.WriteLine($"echo: {args[^1]} needs a value");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var listener = new TcpListener(bind, port);
listener.Start(backlog: 1024);
Console.Error.WriteLine($"listening tcp {listener.LocalEndpoint}");
try
{
    while (true)
    {
        var socket = await listener.AcceptSocketAsync(stop.Token);
        socket.NoDelay = true; // as nano's TCP transport
        _ = EchoConnection.ServeAsync(socket, stop.Token);
    }
}
catch (OperationCanceledException)
{
    return 0;
}
finally
{
    listener.Stop();
}
