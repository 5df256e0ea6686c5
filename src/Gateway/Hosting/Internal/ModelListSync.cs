using Akka.Actor;
using Nano.Actors.Cluster;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Hosting.Internal;

/// <summary>
/// Cluster mode: keeps the gateway's model list (what /v1/models, the Ollama tags, the MCP resources and the model
/// checks of every API read) equal to the replicated catalog, so a model added or removed through any node's admin
/// API is served or refused here too. Standalone nodes publish no catalog changes, so this does nothing there.
/// </summary>
internal sealed class ModelListSync : ReceiveActor
{
    public static Props Props(ModelList models) => Akka.Actor.Props.Create(() => new ModelListSync(models));

    public ModelListSync(ModelList models) => Receive<ModelCatalogChanged>(c => models.Reset(c.Catalog.Models));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ModelCatalogChanged));
}
