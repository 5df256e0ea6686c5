using System.Net;

namespace Nano.LoadGen.Internal;

/// <summary>
/// Where the run goes: an endpoint (tcp, udp) or a URL (ws, http, openai). host:port gets the node's default path
/// (/ws, /mcp, /v1/chat/completions). Loopback only: the load generator is for measuring a node on this machine.
/// </summary>
internal sealed record Target(string Display, IPEndPoint? Endpoint, Uri? Uri)
{
    public static Target Resolve(LoadTransport transport, string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? Default(transport) : text.Trim();
        return transport switch
        {
            LoadTransport.Tcp or LoadTransport.Udp => OfEndpoint(StripScheme(text)),
            _ => OfUri(transport, text.Contains("://", StringComparison.Ordinal) ? text : $"{Scheme(transport)}://{text}"),
        };
    }

    private static string Default(LoadTransport transport) => transport switch
    {
        LoadTransport.Tcp => "127.0.0.1:8080",
        LoadTransport.Udp => "127.0.0.1:8082",
        _ => "127.0.0.1:8081",
    };

    private static string Scheme(LoadTransport transport) => transport == LoadTransport.Ws ? "ws" : "http";

    private static string StripScheme(string text) => text.IndexOf("://", StringComparison.Ordinal) is var at and >= 0 ? text[(at + 3)..].TrimEnd('/') : text;

    private static Target OfEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new LoadGenException($"target '{text}' is not host:port");
        var address = Loopback(text[..colon].Trim('[', ']'));
        var endpoint = new IPEndPoint(address, port);
        return new Target(endpoint.ToString(), endpoint, null);
    }

    private static Target OfUri(LoadTransport transport, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Port <= 0)
            throw new LoadGenException($"target '{text}' is not a URL or host:port");
        Loopback(uri.IdnHost);
        if (uri.AbsolutePath is "" or "/")
        {
            var path = transport switch { LoadTransport.Ws => "/ws", LoadTransport.Http => "/mcp", _ => "/v1/chat/completions" };
            uri = new UriBuilder(uri) { Path = path }.Uri;
        }
        return new Target(uri.ToString(), null, uri);
    }

    private static IPAddress Loopback(string host)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : Resolve(host);
        return addresses.FirstOrDefault(IPAddress.IsLoopback)
            ?? throw new LoadGenException($"target host '{host}' is not a loopback address: the load generator only drives a node on this machine");
    }

    private static IPAddress[] Resolve(string host)
    {
        try { return Dns.GetHostAddresses(host); }
        catch (System.Net.Sockets.SocketException e) { throw new LoadGenException($"target host '{host}' cannot be resolved: {e.Message}", e); }
    }
}
