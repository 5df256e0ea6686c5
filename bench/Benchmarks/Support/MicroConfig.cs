using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Nano.Benchmarks.Support;

/// <summary>
/// Microbenchmarks: a medium job (15 measured iterations after 5 warm-ups) in process, so a run takes seconds per case
/// on the shared 2-core machine; compare the rows of one run as ratios.
/// </summary>
public sealed class MicroConfig : ManualConfig
{
    public MicroConfig() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(5).WithIterationCount(15).WithId("micro"));
}
