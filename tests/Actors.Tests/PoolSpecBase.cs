using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Actors.Protocol;
using Nano.Actors.Tests.Fakes;
using Nano.Runtime;

namespace Nano.Actors.Tests;

/// <summary>TestKit base for pool and handle specs: the module's HOCON defaults, fake runtimes, request helpers.</summary>
public abstract class PoolSpecBase(ITestOutputHelper output)
    : Akka.TestKit.Xunit.TestKit(SpecConfig, output: output)
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.debug.unhandled = on
        """).WithFallback(NanoActorsConfig.Default);

    /// <summary>Short timers so lifecycle specs finish fast; a long idle timeout unless a spec wants unloading.</summary>
    protected static readonly PoolSettings FastSettings = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        IdleUnloadAfter = TimeSpan.FromMinutes(5),
        ScaleUpAfterWait = TimeSpan.FromMilliseconds(50),
        RestartBackoffMin = TimeSpan.FromMilliseconds(20),
        RestartBackoffMax = TimeSpan.FromMilliseconds(200),
    };

    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    protected FakeRuntimes Runtimes { get; } = new();

    protected IActorRef StartPool(PoolSettings settings, params ModelDefinition[] models) =>
        Sys.ActorOf(PoolActor.Props(settings, models, Runtimes.Provider, "test-node"));

    protected static GenerateRequest Request(string model, string requestId, IActorRef replyTo, string? prompt = null) => new()
    {
        RequestId = requestId,
        ModelId = model,
        Input = new RkllmPromptInput(prompt ?? requestId),
        ReplyTo = replyTo,
    };

    /// <summary>Skips token chunks and returns the final answer (Completed, Failed or Rejected).</summary>
    protected static async Task<IWithRequestId> ExpectFinalAsync(TestProbe probe, TimeSpan? within = null) =>
        (IWithRequestId)await probe.FishForMessageAsync(m => m is Completed or Failed or Rejected, within ?? Bounded);

    protected static async Task<T> ExpectFinalAsync<T>(TestProbe probe, TimeSpan? within = null) where T : IWithRequestId
    {
        var final = await ExpectFinalAsync(probe, within);
        return Assert.IsType<T>(final);
    }

    /// <summary>Collects a request's chunks up to its final answer.</summary>
    protected static async Task<(List<TokenChunk> Chunks, IWithRequestId Final)> CollectAsync(TestProbe probe, TimeSpan? within = null)
    {
        var chunks = new List<TokenChunk>();
        while (true)
        {
            var message = await probe.ReceiveOneAsync(within ?? Bounded) ?? throw new TimeoutException("no final answer");
            switch (message)
            {
                case TokenChunk chunk:
                    chunks.Add(chunk);
                    break;
                case IWithRequestId final:
                    return (chunks, final);
            }
        }
    }

    /// <summary>Loads a model and waits until its handle is ready, so timing-sensitive specs skip the cold start.</summary>
    protected async Task LoadAsync(IActorRef pool, string model)
    {
        var result = await pool.Ask<CommandResult>(new LoadModel { ModelId = model }, Bounded);
        Assert.True(result.Ok, result.Message);
    }

    /// <summary>Polls a condition on shared test state (fake runtime counters) every 10 ms, up to the bound.</summary>
    protected Task WaitUntilAsync(Func<bool> condition) =>
        AwaitConditionAsync(() => Task.FromResult(condition()), Bounded, TimeSpan.FromMilliseconds(10));

    protected async Task<PoolSnapshot> StatusAsync(IActorRef pool) =>
        await pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, Bounded);

    protected async Task<ModelStatus> ModelStatusAsync(IActorRef pool, string model) =>
        (await StatusAsync(pool)).Models.Single(m => m.ModelId == model);
}
