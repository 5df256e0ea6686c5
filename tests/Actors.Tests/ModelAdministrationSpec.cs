using Nano.Actors.Protocol;
using Nano.Actors.Tests.Fakes;
using Nano.Runtime;
using Nano.Runtime.Sim;

namespace Nano.Actors.Tests;

/// <summary>AddModel and RemoveModel: the pool's model registry changes at run time.</summary>
public sealed class ModelAdministrationSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    private readonly SimulatedBoard _board = new("rk3588", clock: new SimClock(timeScale: 0.01));

    private Configuration.ModelDefinition SimModel(string name, int maxNewTokens = 16) =>
        Runtimes.Model(name, new RecordingRuntime(new SimulatedRuntime(_board)), m => m with
        {
            Path = "sim://qwen2-0.5b-w8a8",
            MemoryLimitMb = 700,
            MaxNewTokens = maxNewTokens,
        });

    [Fact]
    public async Task A_request_to_an_added_model_completes()
    {
        var pool = StartPool(FastSettings, SimModel("base"));
        var probe = CreateTestProbe();

        var added = await pool.Ask<CommandResult>(new AddModel(SimModel("added")), Bounded);
        Assert.True(added.Ok, added.Message);
        pool.Tell(Request("added", "r1", probe.Ref));

        var completed = await ExpectFinalAsync<Completed>(probe);
        Assert.Equal(16, completed.Usage.CompletionTokens);
        Assert.Equal(ModelState.Ready, (await ModelStatusAsync(pool, "added")).State);
    }

    [Fact]
    public async Task Adding_a_name_in_use_is_refused_even_in_another_case()
    {
        var pool = StartPool(FastSettings, SimModel("base"));

        var same = await pool.Ask<CommandResult>(new AddModel(SimModel("base")), Bounded);
        var otherCase = await pool.Ask<CommandResult>(new AddModel(SimModel("BASE")), Bounded);

        Assert.False(same.Ok);
        Assert.Equal(NanoErrorCode.ModelExists, same.Code);
        Assert.Equal(NanoErrorCode.ModelExists, otherCase.Code);
        Assert.Single((await StatusAsync(pool)).Models);
    }

    [Fact]
    public async Task Removing_a_model_cancels_its_running_and_queued_requests_and_forgets_it()
    {
        var pool = StartPool(FastSettings, SimModel("base", maxNewTokens: 3000));
        var running = CreateTestProbe();
        var queued = CreateTestProbe();
        await LoadAsync(pool, "base");
        pool.Tell(Request("base", "r1", running.Ref));
        await running.ExpectMsgAsync<TokenChunk>(Bounded);
        pool.Tell(Request("base", "r2", queued.Ref));

        var removed = await pool.Ask<CommandResult>(new RemoveModel("base"), Bounded);

        Assert.True(removed.Ok, removed.Message);
        Assert.Equal(NanoErrorCode.Cancelled, (await ExpectFinalAsync<Failed>(running)).Code);
        Assert.Equal(NanoErrorCode.Cancelled, (await ExpectFinalAsync<Failed>(queued)).Code);
        var snapshot = await StatusAsync(pool);
        Assert.Empty(snapshot.Models);
        Assert.Equal(0, snapshot.LiveHandles);
        var after = CreateTestProbe();
        pool.Tell(Request("base", "r3", after.Ref));
        Assert.Equal(NanoErrorCode.ModelNotFound, (await ExpectFinalAsync<Rejected>(after)).Code);
    }

    [Fact]
    public async Task A_removed_name_can_be_added_again_once_removal_has_answered()
    {
        var pool = StartPool(FastSettings, SimModel("base"));
        await LoadAsync(pool, "base");

        Assert.True((await pool.Ask<CommandResult>(new RemoveModel("base"), Bounded)).Ok);
        var again = await pool.Ask<CommandResult>(new AddModel(SimModel("base")), Bounded);
        var probe = CreateTestProbe();
        pool.Tell(Request("base", "r1", probe.Ref));

        Assert.True(again.Ok, again.Message);
        await ExpectFinalAsync<Completed>(probe);
    }

    [Fact]
    public async Task Removing_an_unknown_model_answers_model_not_found()
    {
        var pool = StartPool(FastSettings, SimModel("base"));

        var result = await pool.Ask<CommandResult>(new RemoveModel("nope"), Bounded);

        Assert.False(result.Ok);
        Assert.Equal(NanoErrorCode.ModelNotFound, result.Code);
    }
}
