using BenchmarkDotNet.Running;
using Nano.Benchmarks.Support;

if (args is ["profile", ..])
    return ProfileLoop.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
