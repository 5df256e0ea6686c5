using System.Globalization;
using System.Net;

namespace Nano.Gateway.Transports;

/// <summary>The kinds of transport a node can serve.</summary>
public enum TransportKind
{
    Tcp,
    Http,
    WebSocket,
    Udp,
    Stdio,
}

/// <summary>One endpoint to serve: kind and port (0 = ephemeral; stdio has none). The address comes from --bind.</summary>
public sealed record TransportEndpoint(TransportKind Kind, int Port)
{
    public static string KindName(TransportKind kind) => kind switch
    {
        TransportKind.Tcp => "tcp",
        TransportKind.Http => "http",
        TransportKind.WebSocket => "ws",
        TransportKind.Udp => "udp",
        _ => "stdio",
    };

    public override string ToString() => Kind == TransportKind.Stdio ? "stdio" : $"{KindName(Kind)}:{Port}";

    /// <summary>
    /// Parses "tcp:8080,http:8081,ws:8081,udp:8082,stdio" (any subset, any order).
    /// </summary>
    /// <exception cref="FormatException">an item is not kind[:port] with a known kind and a port in 0..65535.</exception>
    public static IReadOnlyList<TransportEndpoint> ParseList(IEnumerable<string> items)
    {
        var endpoints = new List<TransportEndpoint>();
        foreach (var raw in items.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = raw.Split(':', 2);
            var kind = parts[0].ToLowerInvariant() switch
            {
                "tcp" => TransportKind.Tcp,
                "http" => TransportKind.Http,
                "ws" or "websocket" => TransportKind.WebSocket,
                "udp" => TransportKind.Udp,
                "stdio" => TransportKind.Stdio,
                _ => throw new FormatException($"'{raw}': unknown transport '{parts[0]}' (expected tcp, http, ws, udp or stdio)"),
            };
            if (kind == TransportKind.Stdio)
            {
                if (parts.Length > 1) throw new FormatException($"'{raw}': stdio takes no port");
                endpoints.Add(new TransportEndpoint(kind, 0));
                continue;
            }
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                throw new FormatException($"'{raw}': expected {parts[0]}:PORT with PORT from 0 (ephemeral) to 65535");
            endpoints.Add(new TransportEndpoint(kind, port));
        }
        var duplicate = endpoints.Where(e => e.Port != 0 || e.Kind == TransportKind.Stdio).GroupBy(e => e).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"'{duplicate.Key}' is given twice");
        return endpoints;
    }

    public static IPAddress ParseAddress(string address) =>
        address.Trim() switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "0.0.0.0" => IPAddress.Any,
            "::" => IPAddress.IPv6Any,
            var text when IPAddress.TryParse(text.Trim('[', ']'), out var ip) => ip,
            var text => throw new FormatException($"'{text}' is not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)"),
        };
}

/// <summary>Where an endpoint actually listens (the bound port when 0 was asked for).</summary>
public sealed record ListeningEndpoint(TransportKind Kind, IPEndPoint? Address)
{
    /// <summary>The line NodeHost prints: "nano: listening tcp 127.0.0.1:41234" ("nano: listening stdio").</summary>
    public override string ToString() => Address is null
        ? $"nano: listening {TransportEndpoint.KindName(Kind)}"
        : $"nano: listening {TransportEndpoint.KindName(Kind)} {Address}";
}
