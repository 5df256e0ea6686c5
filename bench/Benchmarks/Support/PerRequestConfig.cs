using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Nano.Benchmarks.Support;

/// <summary>
/// One measurement per request (invocation count 1), so the percentiles are per-request latencies; in process,
/// because the benchmarks start their own actor system and sockets.
/// </summary>
public abstract class PerRequestConfig : ManualConfig
{
    protected PerRequestConfig(int iterations)
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Throughput).WithInvocationCount(1).WithUnrollFactor(1)
            .WithWarmupCount(200).WithIterationCount(iterations).WithId("per-request"));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));
    }
}
