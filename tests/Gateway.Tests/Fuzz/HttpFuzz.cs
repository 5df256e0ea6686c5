using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Runs fuzzed HTTP requests against the node, several at once on pooled connections, and checks each response
/// with the spec's own rule: never a 5xx the API does not document, and a body that is what its status and
/// Content-Type say. Problems are collected (the first 25 reported), with the seed to replay them.
/// </summary>
public sealed class HttpFuzz(FuzzNode node, ITestOutputHelper output, string spec) : IDisposable
{
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly int _mark = node.Log.Mark;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private int _sent;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 8, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = node.Http,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Sends every request (<paramref name="concurrency"/> in flight) and checks its response.</summary>
    public async Task RunAsync(int count, Func<int, HttpRequestMessage> request, Func<int, HttpResponseMessage, Task<string?>> check, int concurrency = 8)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var message = request(i);
                var description = $"#{i} {message.Method} {message.RequestUri}";
                try
                {
                    using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                    Interlocked.Increment(ref _sent);
                    _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (await check(i, response) is { } problem) Problem($"{description}: {problem}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Problem($"{description}: {e.GetType().Name}: {e.Message}");
                }
            }
        })));
    }

    public void Problem(string what)
    {
        if (_problems.Count < 200) _problems.Enqueue(what);
    }

    /// <summary>Fails with the problems found, then checks that at least the run's frame count went out and the node is well.</summary>
    public async Task AssertCleanAsync()
    {
        var statuses = string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        output.WriteLine($"{spec}: {_sent} requests in {_watch.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU; statuses {statuses}");
        foreach (var error in node.Log.ErrorsSince(_mark).Take(3)) output.WriteLine($"node error: {error}");
        Assert.True(_problems.IsEmpty, FuzzRun.Replay($"{spec}: {_problems.Count} problem(s):\n{string.Join("\n", _problems.Take(25))}"));
        Assert.True(_sent >= FuzzRun.Frames, $"{spec}: only {_sent} requests answered");
        await node.AssertAliveAsync();
        node.AssertNoErrorsSince(_mark, spec);
    }

    public static bool IsJson(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "application/json";

    public static bool IsEventStream(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "text/event-stream";

    /// <summary>The body, read within a bound (an answer that never ends is a problem too).</summary>
    public static async Task<string> BodyAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>The data of each server-sent event in the body.</summary>
    public static async Task<List<string>> EventsAsync(HttpResponseMessage response) =>
        (await BodyAsync(response)).Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart()).ToList();

    public static HttpStatusCode[] ServerErrorsAllowed { get; } = [HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout];

    public void Dispose() => Http.Dispose();
}
