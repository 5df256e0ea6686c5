using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Cluster.Tests;

/// <summary>Simulated models for the cluster specs (calibrated sim profiles; memory as declared here).</summary>
internal static class SimModels
{
    public static ModelDefinition Small(string name = "small", int replicas = 1, long memoryMb = 1024, int maxInstances = 1) => new()
    {
        Name = name,
        Path = "sim://qwen2-0.5b-w8a8",
        Runtime = RuntimeSpec.Sim,
        MemoryLimitMb = memoryMb,
        Replicas = replicas,
        MaxInstances = maxInstances,
        MaxContextLen = 2048,
        MaxNewTokens = 8,
    };
}
