using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

public sealed class SessionAffinitySpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task Requests_of_a_session_stay_on_its_handle_with_keep_history()
    {
        var (model, runtime) = Runtimes.Model("qwen", m => m with { MaxInstances = 2 });
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();

        async Task<int> RunAsync(string id, string? session)
        {
            pool.Tell(Request("qwen", id, probe.Ref) with { SessionId = session });
            return (await ExpectFinalAsync<Completed>(probe)).Origin.HandleId;
        }

        var s1 = await RunAsync("s1-a", "s1");
        var s2 = await RunAsync("s2-a", "s2");
        Assert.NotEqual(s1, s2);
        Assert.Equal(s1, await RunAsync("s1-b", "s1"));
        Assert.Equal(s2, await RunAsync("s2-b", "s2"));
        Assert.Equal(s1, await RunAsync("s1-c", "s1"));

        Assert.All(runtime.Runs, r => Assert.True(r.Parameters.KeepHistory));
        // Each new binding starts from a clean KV cache; later turns reuse it.
        Assert.Equal(2, runtime.Calls.Count(c => c.StartsWith("clear:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_session_waits_for_its_busy_handle_instead_of_moving()
    {
        var (model, runtime) = Runtimes.Model("qwen", m => m with { MaxInstances = 2 });
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "first", probe.Ref) with { SessionId = "s1" });
        var handle = (await ExpectFinalAsync<Completed>(probe)).Origin.HandleId;

        runtime.Hold();
        pool.Tell(Request("qwen", "second", probe.Ref) with { SessionId = "s1" });
        pool.Tell(Request("qwen", "third", probe.Ref) with { SessionId = "s1" });
        await WaitUntilAsync(() => runtime.ActiveRuns == 1);
        // Well past ScaleUpAfterWait: no second instance is started for a request that waits for its session.
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal((1, 1), (runtime.InitCount, runtime.ActiveRuns));

        runtime.Release();
        var second = await ExpectFinalAsync<Completed>(probe);
        var third = await ExpectFinalAsync<Completed>(probe);
        Assert.Equal(("second", "third"), (second.RequestId, third.RequestId));
        Assert.All(new[] { second, third }, c => Assert.Equal(handle, c.Origin.HandleId));
    }

    [Fact]
    public async Task The_session_binding_is_dropped_when_its_handle_dies()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "before", probe.Ref) with { SessionId = "s1" });
        var before = await ExpectFinalAsync<Completed>(probe);
        Assert.Equal("s1", (await ModelStatusAsync(pool, "qwen")).Handles.Single().SessionId);

        runtime.FaultNextRuns(1);
        pool.Tell(Request("qwen", "crash", probe.Ref) with { SessionId = "s1" });
        await ExpectFinalAsync<Failed>(probe);

        pool.Tell(Request("qwen", "after", probe.Ref) with { SessionId = "s1" });
        var after = await ExpectFinalAsync<Completed>(probe);
        Assert.NotEqual(before.Origin.HandleId, after.Origin.HandleId);
        Assert.Equal("s1", (await ModelStatusAsync(pool, "qwen")).Handles.Single().SessionId);
    }
}
