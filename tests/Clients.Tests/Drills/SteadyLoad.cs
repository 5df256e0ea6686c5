using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Nano.Clients.Tests.Drills;

/// <summary>
/// Closed-loop clients, each on its own connection, sending generate calls to one model back to back until stopped.
/// Every outcome is kept with its timestamps, so a drill can ask what each model did during any window.
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);
    private readonly List<Task> _loops = [];
    private readonly List<McpLineClient> _clients = [];
    private volatile bool _stopping;

    public ConcurrentQueue<GenerateOutcome> Outcomes { get; } = new();

    /// <summary>Connection errors of the loops themselves (a closed connection, a bound exceeded).</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new();

    public static async Task<SteadyLoad> StartAsync(IPEndPoint endpoint, params (string Model, int Clients, int MaxTokens)[] plan)
    {
        var load = new SteadyLoad();
        foreach (var (model, clients, maxTokens) in plan)
        {
            for (var i = 0; i < clients; i++)
            {
                var client = await McpLineClient.ConnectAsync(endpoint);
                load._clients.Add(client);
                load._loops.Add(Task.Run(() => load.LoopAsync(client, model, maxTokens)));
            }
        }
        return load;
    }

    /// <summary>Outcomes of <paramref name="model"/> answered between two Stopwatch timestamps.</summary>
    public IReadOnlyList<GenerateOutcome> Of(string model, long from = 0, long to = long.MaxValue) =>
        Outcomes.Where(o => o.Model == model && o.AnsweredAt >= from && o.AnsweredAt <= to).ToList();

    /// <summary>Lets every client finish its current call (each is answered: none is cut off), then closes them.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        await Task.WhenAll(_loops).WaitAsync(StopBound);
    }

    private async Task LoopAsync(McpLineClient client, string model, int maxTokens)
    {
        var n = 0;
        while (!_stopping)
        {
            try
            {
                Outcomes.Enqueue(await client.GenerateAsync(model, maxTokens, $"steady {model} {n++}"));
            }
            catch (Exception e)
            {
                Errors.Enqueue(e);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try { await Task.WhenAll(_loops).WaitAsync(StopBound); }
        catch (Exception) { } // reported through Errors or by the spec's own assertions
        foreach (var client in _clients) await client.DisposeAsync();
    }

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
