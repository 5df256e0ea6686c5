using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>Handles coming and going: lazy load, idle unload, scaling, eviction, memory domains.</summary>
public sealed class LifecycleSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task A_model_loads_on_first_use_and_unloads_after_the_idle_timeout()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        var pool = StartPool(FastSettings with { IdleUnloadAfter = TimeSpan.FromMilliseconds(300) }, model);
        var probe = CreateTestProbe();
        Assert.Equal(ModelState.Unloaded, (await ModelStatusAsync(pool, "qwen")).State);
        Assert.Equal(0, runtime.InitCount);

        pool.Tell(Request("qwen", "r1", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
        Assert.Equal(1, runtime.InitCount);

        await AwaitAssertAsync(async () =>
        {
            var status = await ModelStatusAsync(pool, "qwen");
            Assert.Equal(ModelState.Unloaded, status.State);
            Assert.Empty(status.Handles);
        }, Bounded, TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, runtime.DisposedCount);
        Assert.Equal(0, (await StatusAsync(pool)).LiveHandles);
    }

    [Fact]
    public async Task A_handle_in_use_outlives_its_idle_timeout_and_unloads_once_idle_that_long()
    {
        // The idle timer is not restarted per run: when it fires it must see the recent use and wait out the rest.
        var idle = TimeSpan.FromMilliseconds(600);
        var (model, runtime) = Runtimes.Model("qwen");
        var pool = StartPool(FastSettings with { IdleUnloadAfter = idle }, model);
        var probe = CreateTestProbe();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var lastUse = TimeSpan.Zero;
        var longestGap = TimeSpan.Zero;
        for (var i = 0; started.Elapsed < idle * 3; i++)
        {
            longestGap = TimeSpan.FromTicks(Math.Max(longestGap.Ticks, (started.Elapsed - lastUse).Ticks));
            pool.Tell(Request("qwen", $"r{i}", probe.Ref));
            await ExpectFinalAsync<Completed>(probe);
            lastUse = started.Elapsed;
            // The scenario's clock: a client that comes back every 50 ms, well inside the idle timeout.
            await Task.Delay(50);
        }
        // Used all along (unless this machine stalled a whole timeout between two requests): loaded once.
        if (longestGap < idle)
            Assert.Equal(1, runtime.InitCount);

        await AwaitAssertAsync(async () => Assert.Empty((await ModelStatusAsync(pool, "qwen")).Handles), Bounded, TimeSpan.FromMilliseconds(20));
        Assert.Equal(runtime.InitCount, runtime.DisposedCount);
    }

    [Fact]
    public async Task A_preloaded_model_is_ready_before_its_first_request()
    {
        var (model, runtime) = Runtimes.Model("qwen", m => m with { Preload = true });
        var pool = StartPool(FastSettings, model);

        await AwaitAssertAsync(async () => Assert.Equal(ModelState.Ready, (await ModelStatusAsync(pool, "qwen")).State),
            Bounded, TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, runtime.InitCount);
        Assert.Empty(runtime.Runs);
    }

    [Fact]
    public async Task A_model_scales_up_while_its_queue_waits_and_back_down_when_idle()
    {
        var (model, runtime) = Runtimes.Model("qwen", m => m with { MaxInstances = 3 });
        runtime.Hold();
        var pool = StartPool(FastSettings with { IdleUnloadAfter = TimeSpan.FromMilliseconds(400) }, model);
        var probe = CreateTestProbe();

        foreach (var id in new[] { "r1", "r2", "r3", "r4" })
            pool.Tell(Request("qwen", id, probe.Ref));

        // One instance loads at once; two more after the requests have waited ScaleUpAfterWait; never more than max.
        await WaitUntilAsync(() => runtime.ActiveRuns == 3);
        var scaled = await ModelStatusAsync(pool, "qwen");
        Assert.Equal(3, scaled.Handles.Count);
        Assert.Equal(1, scaled.QueueDepth);
        Assert.Equal(3, runtime.InitCount);

        runtime.Release();
        for (var i = 0; i < 4; i++)
            await ExpectFinalAsync<Completed>(probe);
        Assert.Equal(3, runtime.Runs.Select(r => r.HandleNumber).Distinct().Count());

        await AwaitAssertAsync(async () => Assert.Empty((await ModelStatusAsync(pool, "qwen")).Handles),
            Bounded, TimeSpan.FromMilliseconds(20));
        Assert.Equal(3, runtime.DisposedCount);
    }

    [Fact]
    public async Task The_least_recently_used_idle_handle_is_evicted_when_room_is_needed()
    {
        var (a, runtimeA) = Runtimes.Model("a");
        var (b, runtimeB) = Runtimes.Model("b");
        var (c, runtimeC) = Runtimes.Model("c");
        var pool = StartPool(FastSettings with { MaxHandles = 2 }, a, b, c);
        var probe = CreateTestProbe();
        pool.Tell(Request("a", "a1", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
        pool.Tell(Request("b", "b1", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
        // a is used again, so b becomes the least recently used.
        pool.Tell(Request("a", "a2", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);

        pool.Tell(Request("c", "c1", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);

        var status = await StatusAsync(pool);
        Assert.Equal(["a", "c"], status.Models.Where(m => m.Handles.Count > 0).Select(m => m.ModelId));
        Assert.Equal((0, 1, 0), (runtimeA.DisposedCount, runtimeB.DisposedCount, runtimeC.DisposedCount));
    }

    [Fact]
    public async Task Large_handles_get_a_memory_domain_of_their_own_and_small_ones_share()
    {
        var (large1, r1) = Runtimes.Model("large1", m => m with { MemoryLimitMb = 3000 });
        var (large2, r2) = Runtimes.Model("large2", m => m with { MemoryLimitMb = 2048 });
        var (small1, r3) = Runtimes.Model("small1", m => m with { MemoryLimitMb = 1500 });
        var (small2, r4) = Runtimes.Model("small2", m => m with { MemoryLimitMb = 1500 });
        var (small3, r5) = Runtimes.Model("small3", m => m with { MemoryLimitMb = 1500 });
        var pool = StartPool(FastSettings, large1, large2, small1, small2, small3);
        var probe = CreateTestProbe();

        foreach (var name in new[] { "large1", "small1", "large2", "small2", "small3" })
        {
            pool.Tell(Request(name, $"{name}-r", probe.Ref));
            await ExpectFinalAsync<Completed>(probe);
        }

        var domains = (await StatusAsync(pool)).Models.ToDictionary(m => m.ModelId, m => m.Handles.Single().DomainId);
        // 16 GB in 4 GB domains: large1 → 0, small1 opens 1, large2 → 2, small2 shares 1, small3 no longer fits in 1 → 3.
        Assert.Equal(0, domains["large1"]);
        Assert.Equal(1, domains["small1"]);
        Assert.Equal(2, domains["large2"]);
        Assert.Equal(1, domains["small2"]);
        Assert.Equal(3, domains["small3"]);
        // The runtime got the same base_domain_id at init.
        Assert.Equal([0, 2, 1, 1, 3], new[] { r1, r2, r3, r4, r5 }.Select(r => r.Inits.Single().Extend.BaseDomainId));
    }

    [Fact]
    public async Task A_large_model_without_a_free_domain_is_refused_then_evicts_an_idle_large_one()
    {
        // 8 GB = two domains; memory and slots would allow a third 2 GB handle, the domains do not.
        var shared = new Fakes.FakeRuntime("shared");
        var large0 = Runtimes.Model("large0", shared, m => m with { MemoryLimitMb = 2048 });
        var large1 = Runtimes.Model("large1", shared, m => m with { MemoryLimitMb = 2048 });
        var (large2, _) = Runtimes.Model("large2", m => m with { MemoryLimitMb = 2048 });
        var pool = StartPool(FastSettings with { MemoryBudgetMb = 8192 }, large0, large1, large2);
        var probe = CreateTestProbe();
        shared.Hold();
        pool.Tell(Request("large0", "l0", probe.Ref));
        pool.Tell(Request("large1", "l1", probe.Ref));
        await WaitUntilAsync(() => shared.ActiveRuns == 2);

        pool.Tell(Request("large2", "refused", probe.Ref));
        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(NanoErrorCode.ResourceExhausted, rejected.Code);
        Assert.Contains("no NPU memory domain is free", rejected.Reason);

        shared.Release();
        await ExpectFinalAsync<Completed>(probe);
        await ExpectFinalAsync<Completed>(probe);
        pool.Tell(Request("large2", "l2", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
        var loaded = (await StatusAsync(pool)).Models.Where(m => m.Handles.Count > 0).ToList();
        Assert.Equal(2, loaded.Count);
        Assert.Contains(loaded, m => m.ModelId == "large2");
        Assert.NotEqual(loaded[0].Handles.Single().DomainId, loaded[1].Handles.Single().DomainId);
    }
}
