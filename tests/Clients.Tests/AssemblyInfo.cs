// Every test class runs a real NodeHost whose simulated NPU paces tokens in real time; on the 2-core machines
// classes running side by side would skew each other's timing bounds, so classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
