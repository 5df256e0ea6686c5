using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Actor;

namespace Nano.Actors.Cluster.Internal;

/// <summary>
/// How many replicas of each model run on one node (one actor system). The pool holds a model once however many
/// replicas of it the board hosts (two share a board until rebalance spreads them), so a replica leaving must not
/// unload the model under a sibling that stays. Keyed by actor system: tests and simulations run many in a process.
/// </summary>
internal static class LocalReplicas
{
    private static readonly ConditionalWeakTable<ActorSystem, ConcurrentDictionary<string, int>> Counts = new();

    public static void Started(ActorSystem system, string modelId) =>
        Counts.GetOrCreateValue(system).AddOrUpdate(modelId, 1, (_, n) => n + 1);

    /// <summary>True when no other replica of the model is left on this node.</summary>
    public static bool Stopped(ActorSystem system, string modelId) =>
        Counts.GetOrCreateValue(system).AddOrUpdate(modelId, 0, (_, n) => Math.Max(0, n - 1)) == 0;
}
