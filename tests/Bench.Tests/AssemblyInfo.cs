// Each class starts its own server process; on the 2-core machines they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
