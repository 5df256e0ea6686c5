using System.Net;

namespace Nano.SdkServer;

/// <summary>Command line: `--http PORT` (default 0 = ephemeral), `--tcp PORT` (off unless given), `--bind ADDR` (127.0.0.1).</summary>
internal sealed record SdkServerOptions(IPAddress Bind, int HttpPort, int? TcpPort)
{
    public const string Usage = "usage: Nano.SdkServer [--http PORT] [--tcp PORT] [--bind ADDR]   (port 0 = ephemeral)";

    public static SdkServerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SdkServerOptions(IPAddress.Loopback, 0, null);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--http" => options with { HttpPort = Port(value) },
                "--tcp" => options with { TcpPort = Port(value) },
                "--bind" => options with { Bind = IPAddress.Parse(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }
        return options;
    }

    private static int Port(string value) => int.TryParse(value, out var port) && port is >= 0 and <= 65535
        ? port
        : throw new ArgumentException($"'{value}' is not a port (0..65535)");
}
