using Akka.Actor;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Gateway.Mcp;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Admin;

/// <summary>
/// Load, unload and inspect models at run time, shared by the HTTP admin API and the add_model/remove_model tools:
/// validates like models.json, asks the model router, keeps the gateway's model list in step. Callers audit-log.
/// </summary>
public static class ModelAdministration
{
    /// <param name="entry">One models.json entry; <paramref name="at"/> prefixes the JSON paths of its errors.</param>
    public static async Task<AdminOutcome> AddAsync(McpServerContext context, JToken? entry, string at, CancellationToken cancel)
    {
        if (context.ModelParser is not { } parser)
            return AdminOutcome.Error(501, "not_supported", "this node has no models.json to validate models against");
        ModelDefinition model;
        try { model = parser.Parse(entry, at); }
        catch (ModelsConfigException e) { return AdminOutcome.Error(400, "invalid_model", "the model is invalid", e.Errors); }
        return await AddAsync(context, model, cancel);
    }

    /// <summary>The HTTP body: JSON text, so duplicate keys are refused as in models.json.</summary>
    public static async Task<AdminOutcome> AddAsync(McpServerContext context, string json, CancellationToken cancel)
    {
        if (context.ModelParser is not { } parser)
            return AdminOutcome.Error(501, "not_supported", "this node has no models.json to validate models against");
        ModelDefinition model;
        try { model = parser.Parse(json); }
        catch (ModelsConfigException e) { return AdminOutcome.Error(400, "invalid_model", "the model is invalid", e.Errors); }
        return await AddAsync(context, model, cancel);
    }

    private static async Task<AdminOutcome> AddAsync(McpServerContext context, ModelDefinition model, CancellationToken cancel)
    {
        var result = await Ask(context, new AddModel(model), model.Name, cancel);
        if (!result.Ok)
            return Refused(result);
        context.UpdateModel(model);
        var status = await StatusAsync(context, model.Name, cancel);
        return status with { Status = 201, Summary = $"model '{model.Name}' added ({status.Body["state"]})" };
    }

    public static async Task<AdminOutcome> RemoveAsync(McpServerContext context, string name, CancellationToken cancel)
    {
        var result = await Ask(context, new RemoveModel(name), name, cancel);
        if (!result.Ok)
            return Refused(result);
        context.UpdateModel(null, removed: name);
        var body = new JObject { ["model"] = name, ["state"] = "removed", ["message"] = result.Message };
        return new AdminOutcome(200, body, $"model '{name}' removed");
    }

    /// <summary>One model's status, or every model's (<paramref name="name"/> null) as {"models": [...]}.</summary>
    public static async Task<AdminOutcome> StatusAsync(McpServerContext context, string? name, CancellationToken cancel)
    {
        var timeout = context.Settings.CommandTimeout;
        PoolSnapshot pool;
        ClusterStatus? cluster = null;
        try
        {
            pool = await context.Router.Ask<PoolSnapshot>(GetPoolStatus.Instance, timeout, cancel);
            cluster = await context.Router.Ask<ClusterStatus>(GetClusterStatus.Instance, timeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return AdminOutcome.Error(504, "timeout", $"the model router did not answer within {timeout.TotalSeconds:0.#} s");
        }
        var byName = pool.Models.ToDictionary(m => m.ModelId, StringComparer.Ordinal);
        if (name is not null)
        {
            var definition = context.FindModel(name);
            if (definition is null && !byName.ContainsKey(name))
                return AdminOutcome.Error(404, "model_not_found", $"unknown model '{name}'");
            var one = ModelStatusJson.Of(name, definition, byName.GetValueOrDefault(name), cluster);
            return new AdminOutcome(200, one, $"model '{name}': {one["state"]}");
        }
        var names = context.Models.Select(m => m.Name).Concat(byName.Keys).Distinct(StringComparer.Ordinal);
        var all = names.Select(n => ModelStatusJson.Of(n, context.FindModel(n), byName.GetValueOrDefault(n), cluster)).ToList();
        return new AdminOutcome(200, new JObject { ["models"] = new JArray(all) }, string.Join("\n", all.Select(m => $"{m["model"]}: {m["state"]}")));
    }

    private static async Task<CommandResult> Ask(McpServerContext context, object message, string model, CancellationToken cancel)
    {
        var timeout = context.Settings.CommandTimeout;
        try
        {
            return await context.Router.Ask<CommandResult>(message, timeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return new CommandResult(model, false, $"no answer within {timeout.TotalSeconds:0.#} s (nano.gateway.command-timeout)", NanoErrorCode.Timeout);
        }
    }

    private static AdminOutcome Refused(CommandResult result) => result.Code switch
    {
        NanoErrorCode.ModelExists => AdminOutcome.Error(409, "model_exists", result.Message),
        NanoErrorCode.ModelNotFound => AdminOutcome.Error(404, "model_not_found", result.Message),
        NanoErrorCode.BadRequest => AdminOutcome.Error(400, "bad_request", result.Message),
        NanoErrorCode.Timeout => AdminOutcome.Error(504, "timeout", result.Message),
        _ => AdminOutcome.Error(500, "internal", result.Message),
    };
}
