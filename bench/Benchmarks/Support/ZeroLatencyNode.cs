using Akka.Actor;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Runtime.Sim;

namespace Nano.Benchmarks.Support;

/// <summary>An actor system with the real pool serving one model, "zero", on <see cref="ZeroLatencyRuntime"/>.</summary>
public sealed record ZeroLatencyNode(ActorSystem System, IActorRef Pool, ModelDefinition Model)
{
    /// <param name="maxNewTokens">The model's default; requests override it.</param>
    public static ZeroLatencyNode Start(int maxNewTokens)
    {
        var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default));
        var model = new ModelDefinition { Name = "zero", Path = ZeroLatencyRuntime.ModelPath, MemoryLimitMb = 1, MaxContextLen = 1 << 20, MaxNewTokens = maxNewTokens };
        var runtime = new ZeroLatencyRuntime();
        var pool = system.ActorOf(PoolActor.Props(PoolSettings.FromConfig(system.Settings.Config), [model], _ => runtime, "bench"));
        return new ZeroLatencyNode(system, pool, model);
    }
}
