using Microsoft.AspNetCore.Http;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// CORS for the origins the allow-list admits, so browser-based MCP clients on those pages can call /mcp: they must
/// send the MCP headers and read Mcp-Session-Id back. Other origins never get here (403).
/// </summary>
internal static class Cors
{
    private const string RequestHeaders = "Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID, Authorization";

    public static void Allow(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlExposeHeaders = $"{McpHttpHeaders.SessionId}, {McpHttpHeaders.ProtocolVersion}";
        response.Headers.Vary = "Origin";
    }

    /// <summary>OPTIONS: the preflight's answer (the origin was already checked and allowed).</summary>
    public static Task PreflightAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "GET, POST, DELETE";
        // Mcp-Param-* names depend on the tool, so the request's own list is echoed when it only asks for MCP headers.
        var asked = context.Request.Headers.AccessControlRequestHeaders.ToString();
        headers.AccessControlAllowHeaders = asked.Length > 0 && asked.Split(',').All(IsMcpHeader) ? $"{RequestHeaders}, {asked}" : RequestHeaders;
        headers.AccessControlMaxAge = "600";
        headers.Allow = "GET, POST, DELETE, OPTIONS";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static bool IsMcpHeader(string name)
    {
        var header = name.Trim();
        return header.StartsWith("Mcp-", StringComparison.OrdinalIgnoreCase) || RequestHeaders.Contains(header, StringComparison.OrdinalIgnoreCase);
    }
}
