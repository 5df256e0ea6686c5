namespace Nano.NodeHost.Tests.Cli;

/// <summary>Specs that start whole nodes run one at a time: each node is an actor system with pinned threads.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeCollection
{
    public const string Name = "nodes";
}
