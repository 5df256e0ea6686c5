using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;
using Nano.Actors.Protocol;
using Nano.Benchmarks.Support;
using Nano.Runtime;

namespace Nano.Benchmarks;

/// <summary>
/// Request overhead of the actor path with a zero-latency runtime: requester → pool actor → handle actor on its
/// pinned thread → runtime Run → TokenChunks and Completed back to the requester. One measurement is one request
/// (invocation count 1), so the percentiles are per-request latencies. Tokens = 1 gives the request overhead;
/// (Tokens = 1024 minus Tokens = 1) / 1023 gives the per-token overhead.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class PoolRequestBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Throughput).WithInvocationCount(1).WithUnrollFactor(1)
                .WithWarmupCount(200).WithIterationCount(3000).WithId("per-request"));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));
        }
    }

    [Params(1, 1024)]
    public int Tokens { get; set; }

    private ActorSystem system = null!;
    private IActorRef pool = null!;
    private IActorRef collector = null!;
    private int sequence;

    [GlobalSetup]
    public void Setup()
    {
        system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NanoActorsConfig.Default));
        var model = new ModelDefinition { Name = "zero", Path = "bench://zero", MemoryLimitMb = 1, MaxContextLen = 1 << 20 };
        var runtime = new ZeroLatencyRuntime();
        pool = system.ActorOf(PoolActor.Props(PoolSettings.FromConfig(system.Settings.Config), [model], _ => runtime, "bench"));
        collector = system.ActorOf(ReplyCollector.Props());
        Request().GetAwaiter().GetResult(); // loads the handle: the benchmark measures warm requests
    }

    [Benchmark]
    public Task<int> Request()
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        collector.Tell(new ReplyCollector.Expect(done));
        pool.Tell(new GenerateRequest
        {
            RequestId = (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ModelId = "zero",
            Input = new RkllmPromptInput("hi"),
            MaxNewTokens = Tokens,
            ReplyTo = collector,
        });
        return done.Task;
    }

    [GlobalCleanup]
    public void Cleanup() => system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
