using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>What the pool refuses and in which order it serves: queue limits, priorities, resources, unknown models.</summary>
public sealed class AdmissionSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task Pool_sheds_with_retry_after_when_queue_is_full()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.Hold();
        var pool = StartPool(FastSettings with { QueueCapacityPerModel = 2 }, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "running", probe.Ref));
        await WaitUntilAsync(() => runtime.ActiveRuns == 1);

        pool.Tell(Request("qwen", "q1", probe.Ref));
        pool.Tell(Request("qwen", "q2", probe.Ref));
        pool.Tell(Request("qwen", "over", probe.Ref));

        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(("over", NanoErrorCode.QueueFull), (rejected.RequestId, rejected.Code));
        Assert.NotNull(rejected.RetryAfter);
        Assert.True(rejected.RetryAfter >= TimeSpan.FromMilliseconds(50), $"retry_after {rejected.RetryAfter}");

        runtime.Release();
        var completed = new[] { await ExpectFinalAsync<Completed>(probe), await ExpectFinalAsync<Completed>(probe), await ExpectFinalAsync<Completed>(probe) };
        Assert.Equal(["q1", "q2", "running"], completed.Select(c => c.RequestId).Order());
    }

    [Fact]
    public async Task Retry_after_grows_with_the_measured_service_time()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.TokensPerRun = 20;
        runtime.PerTokenDelay = TimeSpan.FromMilliseconds(10);
        var pool = StartPool(FastSettings with { QueueCapacityPerModel = 4 }, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "warm", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);

        // One run takes ~200 ms now; with a full queue of 4 the estimate is several hundred ms.
        runtime.Hold();
        foreach (var id in new[] { "running", "q1", "q2", "q3", "q4" })
            pool.Tell(Request("qwen", id, probe.Ref));
        pool.Tell(Request("qwen", "over", probe.Ref));

        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal("over", rejected.RequestId);
        Assert.True(rejected.RetryAfter >= TimeSpan.FromMilliseconds(400), $"retry_after {rejected.RetryAfter}");
        runtime.Release();
    }

    [Fact]
    public async Task Interactive_work_is_served_first_and_batch_work_is_shed_first()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        runtime.Hold();
        var pool = StartPool(FastSettings with { QueueCapacityPerModel = 4 }, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "running", probe.Ref));
        await WaitUntilAsync(() => runtime.ActiveRuns == 1);

        pool.Tell(Request("qwen", "b1", probe.Ref) with { Priority = RequestPriority.Batch });
        pool.Tell(Request("qwen", "b2", probe.Ref) with { Priority = RequestPriority.Batch });
        // The queue is half full: more batch work is refused.
        pool.Tell(Request("qwen", "b3", probe.Ref) with { Priority = RequestPriority.Batch });
        var refused = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(("b3", NanoErrorCode.QueueFull), (refused.RequestId, refused.Code));

        pool.Tell(Request("qwen", "i1", probe.Ref));
        pool.Tell(Request("qwen", "i2", probe.Ref));
        // The queue is full: this interactive request displaces the newest batch request.
        pool.Tell(Request("qwen", "i3", probe.Ref));
        var shed = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(("b2", NanoErrorCode.QueueFull), (shed.RequestId, shed.Code));
        Assert.NotNull(shed.RetryAfter);

        runtime.Release();
        var order = new List<string>();
        for (var i = 0; i < 5; i++)
            order.Add((await ExpectFinalAsync<Completed>(probe)).RequestId);
        Assert.Equal(["running", "i1", "i2", "i3", "b1"], order);
    }

    [Fact]
    public async Task A_model_bigger_than_the_node_budget_is_refused_with_resource_exhausted()
    {
        var (model, _) = Runtimes.Model("huge", m => m with { MemoryLimitMb = 20_000 });
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        pool.Tell(Request("huge", "r1", probe.Ref));

        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(NanoErrorCode.ResourceExhausted, rejected.Code);
        Assert.Contains("20000 MB", rejected.Reason);
        Assert.Contains("budget is 16384 MB", rejected.Reason);
    }

    [Fact]
    public async Task Resource_exhausted_names_the_reason_when_every_slot_is_busy()
    {
        var (a, runtimeA) = Runtimes.Model("a");
        var (b, _) = Runtimes.Model("b");
        runtimeA.Hold();
        var pool = StartPool(FastSettings with { MaxHandles = 1 }, a, b);
        var probe = CreateTestProbe();
        pool.Tell(Request("a", "busy", probe.Ref));
        await WaitUntilAsync(() => runtimeA.ActiveRuns == 1);

        pool.Tell(Request("b", "r1", probe.Ref));

        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(("r1", NanoErrorCode.ResourceExhausted), (rejected.RequestId, rejected.Code));
        Assert.Contains("all 1 handle slots", rejected.Reason);
        Assert.Contains("no idle handle can be evicted", rejected.Reason);
        runtimeA.Release();
        Assert.Equal("busy", (await ExpectFinalAsync<Completed>(probe)).RequestId);
    }

    [Fact]
    public async Task Unknown_model_is_rejected_with_the_list_of_known_models()
    {
        var pool = StartPool(FastSettings, Runtimes.Model("qwen2.5-1.5b").Model, Runtimes.Model("qwen2-0.5b").Model);
        var probe = CreateTestProbe();

        pool.Tell(Request("llama", "r1", probe.Ref));

        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(NanoErrorCode.ModelNotFound, rejected.Code);
        Assert.Equal("unknown model 'llama'; known models: qwen2-0.5b, qwen2.5-1.5b", rejected.Reason);
    }

    [Fact]
    public async Task An_unknown_lora_adapter_is_a_bad_request_naming_the_known_ones()
    {
        var (model, _) = Runtimes.Model("vl", m => m with { Loras = [new("style", "/models/style.rkllm")] });
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        pool.Tell(Request("vl", "r1", probe.Ref) with { LoraAdapter = "nope" });

        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(NanoErrorCode.BadRequest, rejected.Code);
        Assert.Contains("known: style", rejected.Reason);
    }
}
