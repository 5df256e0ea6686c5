using Akka.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Transports.Http.Internal;

namespace Nano.Gateway.Transports.Http;

/// <summary>
/// What the /mcp and /ws endpoints need beyond the gateway's limits (message size and depth come with the codec,
/// from nano.gateway). Immutable, read once.
/// </summary>
public sealed record HttpTransportSettings
{
    /// <summary>
    /// Origins allowed to call (DNS-rebinding protection): <c>scheme://host[:port]</c>, <c>:*</c> for any port, <c>*</c>
    /// for all. Requests without Origin are always allowed. Default: pages served from this machine.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = OriginPolicy.LoopbackOrigins;

    /// <summary>Events kept per SSE stream for Last-Event-ID resumption (legacy sessions).</summary>
    public int ReplayEvents { get; init; } = 1024;

    /// <summary>
    /// How long a legacy request whose SSE stream broke keeps running for the client to resume it with
    /// Last-Event-ID (the spec says a disconnection is not a cancellation); then it is cancelled.
    /// </summary>
    public TimeSpan ResumeGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Broken streams a legacy session keeps for resumption; the oldest finished one goes first.</summary>
    public int MaxDetachedStreams { get; init; } = 16;

    public static HttpTransportSettings Default { get; } = new();

    /// <summary>Reads <c>nano.gateway.http</c> over the module's defaults (hocon/nano.gateway.conf).</summary>
    /// <exception cref="ArgumentOutOfRangeException">a value is out of range (named in the message).</exception>
    public static HttpTransportSettings FromConfig(Config config)
    {
        var http = config.WithFallback(NanoGatewayConfig.Default).GetConfig("nano.gateway.http");
        if (http is null || http.IsEmpty) return Default;
        var settings = new HttpTransportSettings
        {
            AllowedOrigins = http.HasPath("allowed-origins") ? http.GetStringList("allowed-origins").ToArray() : Default.AllowedOrigins,
            ReplayEvents = http.GetInt("replay-events", Default.ReplayEvents),
            ResumeGrace = http.GetTimeSpan("resume-grace", Default.ResumeGrace),
            MaxDetachedStreams = http.GetInt("max-detached-streams", Default.MaxDetachedStreams),
        };
        if (settings.ReplayEvents < 1) throw new ArgumentOutOfRangeException("nano.gateway.http.replay-events", "must be at least 1");
        if (settings.ResumeGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException("nano.gateway.http.resume-grace", "must not be negative");
        if (settings.MaxDetachedStreams < 0) throw new ArgumentOutOfRangeException("nano.gateway.http.max-detached-streams", "must not be negative");
        return settings;
    }
}
