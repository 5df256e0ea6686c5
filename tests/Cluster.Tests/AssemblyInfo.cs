// Each spec runs a whole cluster of ActorSystems; on a 2-core machine two at once starve each other's
// failure detectors and timers, so the specs run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
