using Akka.Actor;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// The transport an MCP session serves, read from its actor path: sessions live under their transport's
/// top-level actor (mcp-tcp-4321, mcp-udp-…, mcp-stdio, {name}-http, {name}-ws), so the session core needs no
/// transport parameter.
/// </summary>
internal static class TransportNames
{
    public static string Of(ActorPath path)
    {
        var top = path.Elements.Count > 1 ? path.Elements[1] : path.Name;
        foreach (var kind in (string[])["tcp", "udp", "stdio", "ws", "http"])
            if (top.EndsWith("-" + kind, StringComparison.Ordinal) || top.Contains("-" + kind + "-", StringComparison.Ordinal))
                return kind;
        return "other";
    }
}
