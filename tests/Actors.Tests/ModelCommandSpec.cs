using Nano.Actors.Configuration;
using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

public sealed class ModelCommandSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task LoadModel_loads_an_instance_and_applies_the_definitions_extras()
    {
        var (model, runtime) = Runtimes.Model("vl", m => m with
        {
            Loras = [new LoraDefinition("style", "/models/style.lora")],
            ChatTemplate = new ChatTemplateDefinition("sys", "<u>", "</u>"),
        });
        var pool = StartPool(FastSettings, model);

        var result = await pool.Ask<CommandResult>(new LoadModel { ModelId = "vl" }, Bounded);

        Assert.True(result.Ok, result.Message);
        Assert.Contains("loaded on handle 1", result.Message);
        Assert.Equal(ModelState.Ready, (await ModelStatusAsync(pool, "vl")).State);
        Assert.Equal(["lora:1:style", "template:1"], runtime.Calls);
        Assert.Empty(runtime.Runs);
    }

    [Fact]
    public async Task UnloadModel_lets_the_running_request_finish_then_destroys_the_handle()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.Hold();
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "running", probe.Ref));
        pool.Tell(Request("qwen", "queued", probe.Ref));
        await WaitUntilAsync(() => runtime.ActiveRuns == 1);

        var unload = pool.Ask<CommandResult>(new UnloadModel { ModelId = "qwen" }, Bounded);
        var queued = await ExpectFinalAsync<Failed>(probe);
        Assert.Equal(("queued", NanoErrorCode.Cancelled, true), (queued.RequestId, queued.Code, queued.Retriable));
        Assert.False(unload.IsCompleted);

        runtime.Release();
        Assert.Equal("running", (await ExpectFinalAsync<Completed>(probe)).RequestId);
        var result = await unload;
        Assert.True(result.Ok, result.Message);
        Assert.Equal(1, runtime.DisposedCount);
        Assert.Equal(ModelState.Unloaded, (await ModelStatusAsync(pool, "qwen")).State);
    }

    [Fact]
    public async Task UnloadModel_is_answered_when_its_handles_stop_even_if_a_new_request_loads_the_model_again()
    {
        // Found by the fuzz suite: unload_model followed at once by generate left the unload unanswered, because it
        // waited for the model to have no handle at all and the generate had started a new one.
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.Hold();
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "running", probe.Ref));
        await WaitUntilAsync(() => runtime.ActiveRuns == 1);

        var unload = pool.Ask<CommandResult>(new UnloadModel { ModelId = "qwen" }, Bounded);
        pool.Tell(Request("qwen", "after", probe.Ref));
        runtime.Release();

        var result = await unload;
        Assert.True(result.Ok, result.Message);
        Assert.Equal("running", (await ExpectFinalAsync<Completed>(probe)).RequestId);
        Assert.Equal("after", (await ExpectFinalAsync<Completed>(probe)).RequestId);
    }

    [Fact]
    public async Task Handle_commands_run_on_every_live_handle_and_merge_their_answers()
    {
        var (model, runtime) = Runtimes.Model("qwen", m => m with
        {
            PromptCaches = [new PromptCacheDefinition("greeting", "/caches/greeting.bin")],
        });
        var pool = StartPool(FastSettings, model);
        await LoadAsync(pool, "qwen");

        var sizes = await pool.Ask<CommandResult>(new GetKvCacheSize { ModelId = "qwen" }, Bounded);
        Assert.True(sizes.Ok, sizes.Message);
        Assert.Equal("0", sizes.Values!["handle-1"]);

        var cache = await pool.Ask<CommandResult>(new LoadPromptCache { ModelId = "qwen", CacheName = "greeting" }, Bounded);
        Assert.True(cache.Ok, cache.Message);
        Assert.Contains("cache:1:/caches/greeting.bin", runtime.Calls);

        var unknown = await pool.Ask<CommandResult>(new LoadLora { ModelId = "qwen", AdapterName = "nope" }, Bounded);
        Assert.False(unknown.Ok);
        Assert.Equal(NanoErrorCode.BadRequest, unknown.Code);
        Assert.Contains("unknown LoRA adapter 'nope'", unknown.Message);
    }

    [Fact]
    public async Task A_command_for_a_model_without_handles_says_to_load_it_first()
    {
        var pool = StartPool(FastSettings, Runtimes.Model("qwen").Model);

        var result = await pool.Ask<CommandResult>(new ClearKvCache { ModelId = "qwen" }, Bounded);
        var unknown = await pool.Ask<CommandResult>(new LoadModel { ModelId = "nope" }, Bounded);

        Assert.Equal((false, NanoErrorCode.BadRequest), (result.Ok, result.Code));
        Assert.Contains("send LoadModel first", result.Message);
        Assert.Equal((false, NanoErrorCode.ModelNotFound), (unknown.Ok, unknown.Code));
        Assert.Contains("known models: qwen", unknown.Message);
    }

    [Fact]
    public async Task A_session_command_reaches_only_the_sessions_handle()
    {
        var (model, runtime) = Runtimes.Model("qwen", m => m with { MaxInstances = 2 });
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "a", probe.Ref) with { SessionId = "s1" });
        var s1 = (await ExpectFinalAsync<Completed>(probe)).Origin.HandleId;
        pool.Tell(Request("qwen", "b", probe.Ref) with { SessionId = "s2" });
        await ExpectFinalAsync<Completed>(probe);

        var result = await pool.Ask<CommandResult>(new ClearKvCache { ModelId = "qwen", SessionId = "s1" }, Bounded);

        Assert.True(result.Ok, result.Message);
        Assert.Equal($"handle {s1}: kv cache cleared", result.Message);
    }
}
