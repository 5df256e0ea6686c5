using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Nano.MemoryProbe;

/// <summary>
/// Loads live handles through the admin API (README "Model administration"): each POST /admin/models adds one
/// preloaded model with one instance; then GET /admin/models/{name}/status is polled until it reports its handle.
/// </summary>
internal sealed class HandleLoader(IPEndPoint http) : IDisposable
{
    private static readonly TimeSpan LoadBound = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{http}/") };

    /// <summary>Adds <paramref name="entries"/> (models.json entries) and waits until every one has a live handle.</summary>
    public async Task LoadAsync(IReadOnlyList<JsonObject> entries, bool simulated, CancellationToken cancel)
    {
        foreach (var entry in entries)
        {
            using var added = await _http.PostAsJsonAsync("admin/models", entry, cancel);
            if (!added.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /admin/models {entry.ToJsonString()} → {(int)added.StatusCode}: {await added.Content.ReadAsStringAsync(cancel)}");
        }
        await WaitLoadedAsync(entries.Select(e => (string)e["name"]!).ToList(), simulated, cancel);
    }

    /// <summary>Waits (bounded) until every named model reports a live handle.</summary>
    /// <param name="simulated">what the handles must report: true on the sim runtime, false on the emulator.</param>
    public async Task WaitLoadedAsync(IReadOnlyList<string> names, bool simulated, CancellationToken cancel)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bound.CancelAfter(LoadBound);
        foreach (var name in names)
        {
            while (true)
            {
                var status = await _http.GetFromJsonAsync<JsonObject>($"admin/models/{name}/status", bound.Token);
                if (status?["instances"]?.GetValue<int>() >= 1)
                {
                    if (status["simulated"]?.GetValue<bool>() != simulated)
                        throw new InvalidOperationException($"model {name} runs on {status["runtime"]}, not the runtime asked for");
                    break;
                }
                if ((string?)status?["state"] == "failed")
                    throw new InvalidOperationException($"model {name} failed to load: {status?["failure_reason"]}");
                await Task.Delay(100, bound.Token);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
