using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>/api/tags (every configured model) and /api/ps (models with live handles), from the router's pool snapshot.</summary>
internal static class OllamaModels
{
    public static async Task TagsAsync(HttpContext http, HttpApiContext api)
    {
        if (await SnapshotAsync(http, api) is not { } snapshot) return;
        var byName = snapshot.Models.ToDictionary(m => m.ModelId, StringComparer.Ordinal);
        var caller = Security.HttpCaller.Of(http);
        var names = api.Server.Models.Select(d => d.Name).Concat(byName.Keys).Distinct(StringComparer.Ordinal).Where(caller.MaySee);
        var models = new JArray(names.Select(name =>
        {
            var model = api.Server.FindModel(name);
            var status = byName.GetValueOrDefault(name);
            var json = Entry(model, name);
            json["modified_at"] = OllamaJson.Time(OllamaModelInfo.ModifiedAt(model));
            json["nano"] = Nano(model, status);
            return json;
        }));
        await OllamaJson.WriteAsync(http, new JObject { ["models"] = models });
    }

    /// <summary>
    /// Loaded models. expires_at is the latest the pool's idle unload (nano.pool.idle-unload-after) would drop an
    /// idle handle; keep_alive does not change it.
    /// </summary>
    public static async Task PsAsync(HttpContext http, HttpApiContext api)
    {
        if (await SnapshotAsync(http, api) is not { } snapshot) return;
        var idle = api.System.Settings.Config.GetTimeSpan("nano.pool.idle-unload-after", TimeSpan.FromMinutes(5), allowInfinite: false);
        var caller = Security.HttpCaller.Of(http);
        var models = new JArray(snapshot.Models.Where(m => m.Handles.Count > 0 && caller.MaySee(m.ModelId)).Select(status =>
        {
            var model = api.Server.FindModel(status.ModelId);
            var json = Entry(model, status.ModelId);
            // All of a handle's memory is NPU memory (the board shares DRAM between CPU and NPU).
            var bytes = status.Handles.Sum(h => h.MemoryMb) * 1024 * 1024;
            json["size"] = bytes;
            json["size_vram"] = bytes;
            json["expires_at"] = OllamaJson.Time(DateTimeOffset.UtcNow + idle);
            json["nano"] = Nano(model, status);
            return json;
        }));
        await OllamaJson.WriteAsync(http, new JObject { ["models"] = models });
    }

    private static JObject Entry(ModelDefinition? model, string name) => new()
    {
        ["name"] = name,
        ["model"] = name,
        ["size"] = OllamaModelInfo.Size(model),
        ["digest"] = OllamaModelInfo.Digest(model, name),
        ["details"] = OllamaModelInfo.Details(model),
    };

    private static JObject Nano(ModelDefinition? model, ModelStatus? status) => new()
    {
        ["simulated"] = status?.Simulated ?? OllamaModelInfo.IsSimulated(model),
        ["runtime"] = status?.Runtime ?? model?.Runtime.Kind.ToString().ToLowerInvariant() ?? "unknown",
        ["state"] = (status?.State ?? ModelState.Unloaded).ToString().ToLowerInvariant(),
        ["handles"] = status?.Handles.Count ?? 0,
        ["queue_depth"] = status?.QueueDepth ?? 0,
        ["vision"] = model?.Multimodal is not null,
    };

    private static async Task<PoolSnapshot?> SnapshotAsync(HttpContext http, HttpApiContext api)
    {
        try
        {
            return await api.Router.Ask<PoolSnapshot>(GetPoolStatus.Instance, api.Server.Settings.CommandTimeout, http.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "the model pool did not answer in time");
            return null;
        }
    }
}
