namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// The multi-process specs run alone: their simulated boards pace tokens in real time and their bounds are wall
/// clock, so in-process specs running beside them on a 2-core machine would skew both.
/// </summary>
[CollectionDefinition(nameof(MultiProcessCollection), DisableParallelization = true)]
public sealed class MultiProcessCollection;
