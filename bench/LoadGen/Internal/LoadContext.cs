using System.Net;
using Nano.LoadGen.Internal.Recording;

namespace Nano.LoadGen.Internal;

/// <summary>What every client of a run shares: its options, target, request bytes, recorder and HTTP connection pool.</summary>
internal sealed class LoadContext(LoadOptions options, Target target, Recorder recorder) : IDisposable
{
    private HttpClient? _http;

    public LoadOptions Options { get; } = options;
    public Target Target { get; } = target;
    public Recorder Recorder { get; } = recorder;
    public Frames Frames { get; } = new(options);
    public long TimeoutTicks { get; } = Ticks.From(options.Timeout);

    /// <summary>One pool for all HTTP clients of the run: HTTP/1.1, a connection per concurrent exchange, no proxy or cookies.</summary>
    public HttpClient Http => _http ??= new HttpClient(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = Options.Timeout,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each exchange is bounded by the run's own timeout sweep
    };

    public void Dispose() => _http?.Dispose();
}
