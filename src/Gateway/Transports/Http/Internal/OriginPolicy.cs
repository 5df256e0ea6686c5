namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// DNS-rebinding protection (every revision of Streamable HTTP requires it): a request whose Origin header is present
/// and not allowed is refused with 403. A request without Origin (non-browser clients) is allowed.
/// </summary>
/// <remarks>
/// Entries are origins as browsers send them (<c>scheme://host[:port]</c>); a port of <c>*</c> allows any port of
/// that scheme and host, and a lone <c>*</c> allows every origin.
/// </remarks>
internal sealed class OriginPolicy
{
    /// <summary>Local pages only: the default when nothing is configured.</summary>
    public static readonly IReadOnlyList<string> LoopbackOrigins =
    [
        "http://localhost:*", "https://localhost:*",
        "http://127.0.0.1:*", "https://127.0.0.1:*",
        "http://[::1]:*", "https://[::1]:*",
    ];

    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _anyPort = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _any;

    public OriginPolicy(IEnumerable<string> allowed)
    {
        foreach (var entry in allowed)
        {
            var origin = entry.Trim().TrimEnd('/');
            if (origin == "*") _any = true;
            else if (origin.EndsWith(":*", StringComparison.Ordinal)) _anyPort.Add(origin[..^2]);
            else _exact.Add(origin);
        }
    }

    public bool IsAllowed(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || _any) return true;
        // "null" (sandboxed frames, file:// pages) and anything unparsable are refused.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.PathAndQuery is not ("/" or "")) return false;
        // Uri.Host keeps IPv6 brackets, so "http://[::1]" compares as written.
        return _exact.Contains(uri.GetLeftPart(UriPartial.Authority)) || _anyPort.Contains($"{uri.Scheme}://{uri.Host}");
    }
}
