using Nano.Actors.Cluster;
using Nano.Actors.Cluster.Internal;
using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Tests;

/// <summary>The replicated catalog's pure parts: its entries' JSON, how changes apply to models.json, the definition check.</summary>
public sealed class ModelCatalogSpec
{
    private static ModelDefinition Model(string name, int replicas = 1) => new() { Name = name, Path = "sim://qwen2-0.5b-w8a8", Replicas = replicas };

    [Fact]
    public void A_definition_survives_the_catalog_json_with_every_section()
    {
        var model = new ModelDefinition
        {
            Name = "vision", Path = "/models/qwen2-vl.rkllm",
            Runtime = new RuntimeSpec { Kind = RuntimeKind.Emulator, Abi = RkllmAbi.V1_2, LibraryPath = "/lib/emu.so", Isolated = true, Board = "rk3576", Seed = 7 },
            MaxInstances = 2, Replicas = 3, MemoryLimitMb = 2048, MaxContextLen = 8192, MaxNewTokens = 256, NBatch = 2, Preload = true,
            Sampling = new RkllmSampling { TopK = 5, TopP = 0.5f, Temperature = 0.3f },
            Loras = [new LoraDefinition("style", "/models/style.rkllm", 0.5f)],
            PromptCaches = [new PromptCacheDefinition("sys", "/models/sys.cache")],
            ChatTemplate = new ChatTemplateDefinition("be brief", "<u>", "</u>"),
            FunctionTools = new FunctionToolsDefinition("tools", "[]", "<r>"),
            Multimodal = new MultimodalDefinition("/models/enc.rknn", 196, 1536, 392, 392) { ImageStart = "<s>" },
        };

        Assert.True(CatalogEntryJson.TryRead(CatalogEntryJson.Write(model), out var read));

        Assert.Equal(CatalogEntryJson.Write(model), CatalogEntryJson.Write(read!));
        Assert.Equal(model.Runtime, read!.Runtime);
        Assert.Equal(model.Sampling, read.Sampling);
        Assert.Equal(model.Multimodal, read.Multimodal);
        Assert.Equal(model.Loras, read.Loras);
        Assert.Equal(model.PromptCaches, read.PromptCaches);
    }

    [Fact]
    public void A_tombstone_reads_as_removed_and_foreign_text_as_unreadable()
    {
        Assert.True(CatalogEntryJson.TryRead(CatalogEntryJson.Tombstone, out var removed));
        Assert.Null(removed);
        Assert.False(CatalogEntryJson.TryRead("{\"something\":1}", out _));
        Assert.False(CatalogEntryJson.TryRead("not json", out _));
    }

    [Fact]
    public void Changes_replace_remove_and_add_to_the_models_json_baseline()
    {
        var baseline = new[] { Model("a"), Model("b"), Model("c") };
        var changes = new Dictionary<string, ModelDefinition?> { ["b"] = null, ["c"] = Model("c", replicas: 2), ["z"] = Model("z"), ["m"] = Model("m") };

        var catalog = ModelCatalog.Apply(baseline, changes);

        Assert.Equal(["a", "c", "m", "z"], catalog.Models.Select(m => m.Name));
        Assert.Equal(["a#0", "c#0", "c#1", "m#0", "z#0"], catalog.EntityIds);
        Assert.True(catalog.IsRemoved("b"));
        Assert.False(catalog.IsRemoved("unheard-of"));
        Assert.False(catalog.Knows("b#0"));
        Assert.True(catalog.Knows("c#1"));
        Assert.Equal("a", catalog.Taken("A"));
        Assert.Null(catalog.Taken("b"));
        Assert.Equal("unknown model 'b'; known models: a, c, m, z", catalog.UnknownModel("b"));
    }

    [Fact]
    public void A_definition_built_in_code_is_checked_with_the_models_json_rules_and_messages()
    {
        var parsed = Assert.Throws<ModelsConfigException>(() =>
            new ModelEntryParser(".", ["."]).Parse("""{ "name": "x", "path": "sim://p", "replicas": 0 }"""));

        var errors = ModelsConfigValidator.Check(Model("bad#name", replicas: 0) with { NBatch = 9, MaxNewTokens = 5000, MaxContextLen = 4096 });

        Assert.Contains(parsed.Errors.Single(), errors);
        Assert.Contains(errors, e => e.StartsWith("name: 'bad#name' must be", StringComparison.Ordinal));
        Assert.Contains("n_batch: 9 is out of range 1..8", errors);
        Assert.Contains("max_new_tokens: 5000 is out of range 1..4096 (max_context_len)", errors);
        Assert.Empty(ModelsConfigValidator.Check(Model("fine")));
    }
}
