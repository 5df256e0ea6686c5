using Microsoft.AspNetCore.Http;

namespace Nano.Gateway.Security;

/// <summary>The caller of an HTTP request, as the access gate in front of every HTTP API identified it.</summary>
public static class HttpCaller
{
    private const string Item = "nano.caller";

    /// <summary>The request's caller; trusted (auth off) when no gate ran, as in a host without access control.</summary>
    public static Caller Of(HttpContext http) =>
        http.Items.TryGetValue(Item, out var caller) && caller is Caller c ? c : new Caller(AddressOf(http), Trusted: true);

    internal static void Set(HttpContext http, Caller caller) => http.Items[Item] = caller;

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The key of <c>Authorization: Bearer KEY</c>, else of <c>x-api-key</c> (what OpenAI-style clients send); null if neither.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        return request.Headers["x-api-key"].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }

    /// <summary>Whether the request carries a key at all (a malformed Authorization header counts as one, and fails).</summary>
    public static bool HasCredentials(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers["x-api-key"].Count > 0;
}
