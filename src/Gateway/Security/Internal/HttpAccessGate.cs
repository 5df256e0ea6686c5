using Microsoft.AspNetCore.Http;
using Nano.Gateway.Transports.WebSocket;

namespace Nano.Gateway.Security.Internal;

/// <summary>
/// The middleware in front of every HTTP path: identifies the caller (Bearer or x-api-key), answers 401 with
/// <c>WWW-Authenticate: Bearer</c> in the path's own error shape when auth is on and the key is missing or wrong,
/// and applies the per-client limits to the REST APIs (/v1, /api, /admin; /mcp and /ws are limited per JSON-RPC
/// request by their sessions). Public paths (liveness, readiness) and CORS preflights pass untouched.
/// </summary>
internal sealed class HttpAccessGate(AccessControl access)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path.Value ?? "/";
        var address = HttpCaller.AddressOf(http);
        if (!access.AuthEnabled || access.Auth.IsPublic(path) || HttpMethods.IsOptions(http.Request.Method))
        {
            HttpCaller.Set(http, access.Anonymous(address));
        }
        else if (access.Authenticate(HttpCaller.PresentedKey(http.Request), address) is { } caller)
        {
            HttpCaller.Set(http, caller);
        }
        else if (IsWebSocket(path) && !HttpCaller.HasCredentials(http.Request))
        {
            // Browsers cannot set headers on a WebSocket: the key may come in-band (initialize's _meta.apiKey).
            HttpCaller.Set(http, access.Anonymous(address));
        }
        else
        {
            var reason = HttpCaller.HasCredentials(http.Request) ? "invalid API key" : "missing API key";
            access.Audit.AuthFailure(IsWebSocket(path) ? "ws" : "http", address, $"{reason} for {http.Request.Method} {path}");
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"nano\"";
            await HttpRefusals.WriteAsync(http, path, StatusCodes.Status401Unauthorized, "unauthorized",
                $"Unauthorized: {reason}; send Authorization: Bearer <key>", null);
            return;
        }
        if (!access.Limits.Enabled || !IsLimited(path))
        {
            await next(http);
            return;
        }
        var client = HttpCaller.Of(http).ClientId;
        var refusal = access.Limits.TryRequest(client);
        using var slot = refusal is null ? access.Limits.TrySlot(client, out refusal) : null;
        if (refusal is not null)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(refusal.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await HttpRefusals.WriteAsync(http, path, StatusCodes.Status429TooManyRequests, "rate_limit_exceeded", refusal.Message, refusal);
            return;
        }
        await next(http);
    }

    private static bool IsWebSocket(string path) => path.StartsWith(WebSocketEndpoint.DefaultPath, StringComparison.Ordinal);

    private static bool IsLimited(string path) =>
        path.StartsWith("/v1/", StringComparison.Ordinal) || path.StartsWith("/api/", StringComparison.Ordinal) ||
        path.StartsWith("/admin/", StringComparison.Ordinal);
}
