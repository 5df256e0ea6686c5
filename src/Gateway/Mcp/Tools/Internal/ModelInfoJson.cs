using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>A model as list_models, model_status and the nano://models/{name} resources show it.</summary>
internal static class ModelInfoJson
{
    public static JObject Of(ModelDefinition? definition, ModelStatus? status, string name)
    {
        var json = new JObject
        {
            ["name"] = name,
            ["state"] = (status?.State ?? ModelState.Unloaded).ToString().ToLowerInvariant(),
            ["runtime"] = status?.Runtime ?? definition?.Runtime.Kind.ToString().ToLowerInvariant() ?? "unknown",
            ["simulated"] = status?.Simulated ?? definition?.Runtime.Kind == Nano.Runtime.RuntimeKind.Simulated,
            ["vision"] = definition?.Multimodal is not null,
            ["loras"] = new JArray(definition?.Loras.Select(l => l.Name) ?? []),
            ["prompt_caches"] = new JArray(definition?.PromptCaches.Select(c => c.Name) ?? []),
        };
        if (definition is not null)
        {
            json["max_context_len"] = definition.MaxContextLen;
            json["max_new_tokens"] = definition.MaxNewTokens;
        }
        json["max_instances"] = status?.MaxInstances ?? definition?.MaxInstances ?? 0;
        json["memory_mb"] = status?.MemoryMb ?? definition?.MemoryLimitMb ?? 0;
        json["queue_depth"] = status?.QueueDepth ?? 0;
        json["failure_reason"] = status?.FailureReason;
        json["handles"] = new JArray((status?.Handles ?? []).Select(h => new JObject
        {
            ["handle_id"] = h.HandleId,
            ["domain_id"] = h.DomainId,
            ["memory_mb"] = h.MemoryMb,
            ["busy"] = h.Busy,
            ["active_runs"] = h.ActiveRuns,
            ["session_id"] = h.SessionId,
        }));
        return json;
    }

    public static string Line(JObject model) =>
        $"{model["name"]}: {model["state"]} ({model["runtime"]}{((bool)model["simulated"]! ? ", SIMULATED" : "")})";

    public static JObject List(PoolSnapshot snapshot, IReadOnlyList<ModelDefinition> definitions)
    {
        var byName = snapshot.Models.ToDictionary(m => m.ModelId, StringComparer.Ordinal);
        var names = definitions.Select(d => d.Name).Concat(snapshot.Models.Select(m => m.ModelId)).Distinct(StringComparer.Ordinal);
        return new JObject
        {
            ["node"] = snapshot.Node,
            ["models"] = new JArray(names.Select(n => Of(definitions.FirstOrDefault(d => d.Name == n), byName.GetValueOrDefault(n), n))),
            ["live_handles"] = snapshot.LiveHandles,
            ["max_handles"] = snapshot.MaxHandles,
            ["used_memory_mb"] = snapshot.UsedMemoryMb,
            ["memory_budget_mb"] = snapshot.MemoryBudgetMb,
        };
    }
}
