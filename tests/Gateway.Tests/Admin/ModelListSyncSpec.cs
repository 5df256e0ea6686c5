using Akka.Configuration;
using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Gateway.Hosting.Internal;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Tests.Admin;

/// <summary>Cluster mode: the gateway's model list follows the replicated catalog (models added or removed on other nodes).</summary>
public sealed class ModelListSyncSpec() : Akka.TestKit.Xunit.TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
{
    private static ModelDefinition Model(string name) => new() { Name = name, Path = "sim://qwen2-0.5b-w8a8" };

    [Fact]
    public void The_model_list_becomes_the_catalog_published_on_the_event_stream()
    {
        var list = new ModelList([Model("configured"), Model("removed-elsewhere")]);
        Sys.ActorOf(ModelListSync.Props(list));

        // Published until the sync has subscribed (it does so when it starts, which ActorOf does not wait for).
        AwaitAssert(() =>
        {
            Sys.EventStream.Publish(new ModelCatalogChanged(new ModelCatalog([Model("configured"), Model("added-elsewhere")])));
            Assert.Equal(["configured", "added-elsewhere"], list.Select(m => m.Name));
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        Assert.NotNull(list.Find("added-elsewhere"));
        Assert.Null(list.Find("removed-elsewhere"));
    }
}
