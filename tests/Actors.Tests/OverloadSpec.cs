using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>
/// Memory pressure and the timeout guarantee. (Queue pressure, QUEUE_FULL with retry_after, is AdmissionSpec; slot
/// pressure and LRU eviction are LifecycleSpec; a timeout the runtime honours is StreamingSpec.)
/// </summary>
public sealed class OverloadSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task Under_memory_pressure_idle_handles_are_unloaded_first_then_new_loads_are_refused_with_resource_exhausted()
    {
        // One 4 GB budget, 1500 MB models: two handles fit, a third does not.
        var settings = FastSettings with { MemoryBudgetMb = 4096 };
        var (a, runtimeA) = Runtimes.Model("a", m => m with { MemoryLimitMb = 1500 });
        var (b, runtimeB) = Runtimes.Model("b", m => m with { MemoryLimitMb = 1500 });
        var (c, runtimeC) = Runtimes.Model("c", m => m with { MemoryLimitMb = 1500 });
        var (d, runtimeD) = Runtimes.Model("d", m => m with { MemoryLimitMb = 1500 });
        var pool = StartPool(settings, a, b, c, d);
        var probe = CreateTestProbe();
        pool.Tell(Request("a", "a1", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
        runtimeB.Hold();
        pool.Tell(Request("b", "b1", probe.Ref));
        await WaitUntilAsync(() => runtimeB.ActiveRuns == 1);

        // c needs memory: the idle a is unloaded for it, the busy b is not.
        pool.Tell(Request("c", "c1", probe.Ref));
        Assert.Equal("c1", (await ExpectFinalAsync<Completed>(probe)).RequestId);
        Assert.Equal((1, 0), (runtimeA.DisposedCount, runtimeB.DisposedCount));
        Assert.Equal(3000, (await StatusAsync(pool)).UsedMemoryMb);

        // Every handle busy: nothing idle to unload, so a new load is refused at once (not queued).
        runtimeC.Hold();
        pool.Tell(Request("c", "c2", probe.Ref));
        await WaitUntilAsync(() => runtimeC.ActiveRuns == 1);
        pool.Tell(Request("d", "d1", probe.Ref));
        var refused = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(("d1", NanoErrorCode.ResourceExhausted), (refused.RequestId, refused.Code));
        Assert.Contains("not enough NPU memory: 1500 MB needed, 3000 of 4096 MB in use", refused.Reason);
        Assert.Contains("no idle handle can be evicted", refused.Reason);
        Assert.Equal(0, runtimeD.InitCount);

        runtimeB.Release();
        runtimeC.Release();
        var done = new[] { await ExpectFinalAsync<Completed>(probe), await ExpectFinalAsync<Completed>(probe) };
        Assert.Equal(["b1", "c2"], done.Select(x => x.RequestId).Order());
    }

    [Fact]
    public async Task A_running_request_whose_runtime_ignores_abort_still_answers_timeout_and_only_once()
    {
        var (model, runtime) = Runtimes.Model("wedged");
        runtime.IgnoreAbort = true;
        runtime.Hold();
        var pool = StartPool(FastSettings with { AbortGrace = TimeSpan.FromMilliseconds(300) }, model);
        var probe = CreateTestProbe();
        await LoadAsync(pool, "wedged");

        pool.Tell(Request("wedged", "stuck", probe.Ref) with { Timeout = TimeSpan.FromMilliseconds(300) });

        // rkllm_abort was called and ignored: the pool answers once the grace is over.
        var failed = await ExpectFinalAsync<Failed>(probe, TimeSpan.FromSeconds(5));
        Assert.Equal(("stuck", NanoErrorCode.Timeout), (failed.RequestId, failed.Code));
        Assert.Contains(runtime.Calls, c => c.StartsWith("abort:", StringComparison.Ordinal));
        Assert.Equal(1, runtime.ActiveRuns);

        // Once the runtime comes back, its late end is not a second answer, and the handle serves again.
        runtime.Release();
        pool.Tell(Request("wedged", "next", probe.Ref));
        Assert.Equal("next", (await ExpectFinalAsync<Completed>(probe)).RequestId);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }
}
