using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>Supervision: faults are answered, counted and restarted with backoff; repeated faults fail one model only.</summary>
public sealed class FaultSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task A_faulted_handle_answers_retriable_and_is_restarted()
    {
        var (model, runtime) = Runtimes.Model("qwen");
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", "ok", probe.Ref));
        var first = await ExpectFinalAsync<Completed>(probe);

        runtime.FaultNextRuns(1);
        pool.Tell(Request("qwen", "crash", probe.Ref));
        var failed = await ExpectFinalAsync<Failed>(probe);
        Assert.Equal((NanoErrorCode.RuntimeFault, true), (failed.Code, failed.Retriable));
        Assert.Contains("crashed", failed.Message);

        // The pool re-initialises the model after the backoff, without waiting for a request.
        await WaitUntilAsync(() => runtime.InitCount == 2);
        Assert.Equal(1, runtime.DisposedCount);
        pool.Tell(Request("qwen", "after", probe.Ref));
        var after = await ExpectFinalAsync<Completed>(probe);
        Assert.NotEqual(first.Origin.HandleId, after.Origin.HandleId);
        Assert.Equal(ModelState.Ready, (await ModelStatusAsync(pool, "qwen")).State);
    }

    [Fact]
    public async Task A_model_is_marked_failed_after_repeated_faults_and_other_models_are_unaffected()
    {
        var (bad, badRuntime) = Runtimes.Model("bad");
        var (good, _) = Runtimes.Model("good");
        badRuntime.FaultAlways = true;
        var pool = StartPool(FastSettings with { MaxFailures = 3 }, bad, good);
        var probe = CreateTestProbe();

        // Each request hits a fresh (restarted) handle and faults, until the third fault marks the model failed.
        for (var i = 0; i < 3; i++)
        {
            pool.Tell(Request("bad", $"bad-{i}", probe.Ref));
            Assert.Equal(NanoErrorCode.RuntimeFault, (await ExpectFinalAsync<Failed>(probe)).Code);
        }
        await AwaitAssertAsync(async () => Assert.Equal(ModelState.Failed, (await ModelStatusAsync(pool, "bad")).State),
            Bounded, TimeSpan.FromMilliseconds(20));

        pool.Tell(Request("bad", "refused", probe.Ref));
        var rejected = await ExpectFinalAsync<Rejected>(probe);
        Assert.Equal(NanoErrorCode.ModelFailed, rejected.Code);
        Assert.Contains("failed 3 times", rejected.Reason);
        Assert.Contains("crashed", rejected.Reason);
        Assert.Equal(rejected.Reason, (await ModelStatusAsync(pool, "bad")).FailureReason);

        pool.Tell(Request("good", "fine", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
    }

    [Fact]
    public async Task A_model_that_cannot_initialise_fails_with_the_init_error()
    {
        var (model, runtime) = Runtimes.Model("broken");
        runtime.InitFailure = "model file is corrupt";
        var pool = StartPool(FastSettings with { MaxFailures = 2 }, model);
        var probe = CreateTestProbe();

        pool.Tell(Request("broken", "r1", probe.Ref));

        // Init fails, is retried with backoff, fails again: the queued request gets the model's failure.
        var failed = await ExpectFinalAsync<Failed>(probe);
        Assert.Equal((NanoErrorCode.ModelFailed, true), (failed.Code, failed.Retriable));
        Assert.Contains("model file is corrupt", failed.Message);
    }

    [Fact]
    public async Task LoadModel_gives_a_failed_model_a_fresh_start()
    {
        var (model, runtime) = Runtimes.Model("flaky");
        runtime.InitFailure = "device busy";
        var pool = StartPool(FastSettings with { MaxFailures = 1 }, model);
        var probe = CreateTestProbe();
        pool.Tell(Request("flaky", "r1", probe.Ref));
        await ExpectFinalAsync<Failed>(probe);
        Assert.Equal(ModelState.Failed, (await ModelStatusAsync(pool, "flaky")).State);

        runtime.InitFailure = null;
        await LoadAsync(pool, "flaky");

        pool.Tell(Request("flaky", "r2", probe.Ref));
        await ExpectFinalAsync<Completed>(probe);
    }
}
