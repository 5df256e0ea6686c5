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
    private sealed class Config() : PerRequestConfig(iterations: 3000);

    [Params(1, 1024)]
    public int Tokens { get; set; }

    private ActorSystem system = null!;
    private IActorRef pool = null!;
    private IActorRef collector = null!;
    private int sequence;

    [GlobalSetup]
    public void Setup()
    {
        (system, pool, _) = ZeroLatencyNode.Start(maxNewTokens: 512);
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
