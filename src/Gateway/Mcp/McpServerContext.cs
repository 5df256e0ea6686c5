using Akka.Actor;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Input;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Tools;
using Nano.Gateway.Security;

namespace Nano.Gateway.Mcp;

/// <summary>
/// Everything a session needs, built once per node and shared by every transport: the model router (the pool
/// today, the shard region proxy later), the limits, the configured models (for tool arguments and resources)
/// and the codec. Immutable.
/// </summary>
public sealed record McpServerContext
{
    public McpServerContext(IActorRef router, GatewaySettings settings, IReadOnlyList<ModelDefinition> models, ServerIdentity? server = null)
    {
        Router = router;
        Settings = settings;
        Models = models as ModelList ?? new ModelList(models);
        Server = server ?? ServerIdentity.Default;
        Codec = new JsonRpcCodec(settings.Limits);
        Tools = ToolCatalog.Default;
    }

    /// <summary>Receives GenerateRequest, CancelRequest, ModelCommand and GetPoolStatus; answers the sender.</summary>
    public IActorRef Router { get; init; }
    public GatewaySettings Settings { get; init; }
    /// <summary>A <see cref="ModelList"/> unless replaced: models added at run time appear here too.</summary>
    public IReadOnlyList<ModelDefinition> Models { get; init; }
    /// <summary>Validates models added at run time like models.json entries; null: this node cannot add models.</summary>
    public ModelEntryParser? ModelParser { get; init; }
    public ServerIdentity Server { get; init; }
    public JsonRpcCodec Codec { get; init; }
    public ToolCatalog Tools { get; init; }
    /// <summary>API keys, per-client limits and the audit log; open (no keys, no limits) unless the host sets it.</summary>
    public AccessControl Access { get; init; } = AccessControl.Open;

    /// <summary>The input limits' checks (nano.gateway.input).</summary>
    internal InputGuard Guard => new(Settings.Input);

    public ModelDefinition? FindModel(string name) => Models.FirstOrDefault(m => m.Name == name);

    /// <summary>Records a model added (or, with <paramref name="removed"/>, removed) at run time.</summary>
    public void UpdateModel(ModelDefinition? added, string? removed = null)
    {
        if (Models is not ModelList list) return;
        if (added is not null) list.Set(added);
        if (removed is not null) list.Remove(removed);
    }
}
