using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>What a request's Accept header allows. A missing header accepts anything (curl, simple clients).</summary>
internal readonly record struct AcceptHeader(bool Json, bool EventStream)
{
    public bool Any => Json || EventStream;

    public static AcceptHeader Of(HttpRequest request)
    {
        var values = request.Headers.Accept;
        if (values.Count == 0) return new AcceptHeader(true, true);
        if (!MediaTypeHeaderValue.TryParseList(values, out var types)) return new AcceptHeader(false, false);
        bool json = false, sse = false;
        foreach (var type in types)
        {
            if (type.Quality == 0) continue;
            json |= type.MatchesMediaType("application/json");
            sse |= type.MatchesMediaType("text/event-stream");
        }
        return new AcceptHeader(json, sse);
    }
}
