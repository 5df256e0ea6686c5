using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Nano.Runtime;
using Nano.Runtime.Isolation;
using Nano.Runtime.Native;

namespace Nano.Benchmarks;

/// <summary>
/// Per-token cost of the runtime layer with the zero-delay emulator: the native callback path in process
/// (P/Invoke, callback trampoline, UTF-8 copy, sink) against the same runtime isolated in a child process
/// (plus one socket round trip per callback). Each operation streams <see cref="Tokens"/> tokens; the reported
/// mean is per token.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class TokenPathBenchmarks
{
    public const int Tokens = 512;

    private sealed class Config : ManualConfig
    {
        // In process: the isolated case spawns its own child; a BenchmarkDotNet child process would add nothing.
        public Config() => AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("inproc-toolchain"));
    }

    [Params("native", "isolated")]
    public string Path { get; set; } = "native";

    private IRkllmRuntime runtime = null!;
    private IRkllmHandle handle = null!;
    private string modelFile = null!;
    private readonly CountingSink sink = new();
    private readonly RkllmPromptInput input = new("benchmark the token path");
    private readonly RkllmInferParams infer = new() { MaxNewTokens = Tokens };

    [GlobalSetup]
    public void Setup()
    {
        modelFile = System.IO.Path.GetTempFileName();
        File.WriteAllText(modelFile, "token_delay_us=0\n");
        var library = System.IO.Path.Combine(AppContext.BaseDirectory, "emulator", "v13", "librkllmrt.so");
        runtime = Path == "native"
            ? new NativeRuntime(RkllmAbi.V1_3, library)
            : new IsolatedRuntime(new RuntimeSpec { Kind = RuntimeKind.Emulator, Abi = RkllmAbi.V1_3, LibraryPath = library });
        handle = runtime.Init(runtime.CreateDefaultParams(modelFile) with { MaxNewTokens = Tokens, MaxContextLen = 1 << 20 });
    }

    [Benchmark(OperationsPerInvoke = Tokens)]
    public int StreamTokens()
    {
        sink.Count = 0;
        handle.Run(input, infer, sink);
        return sink.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        handle.Dispose();
        File.Delete(modelFile);
    }

    private sealed class CountingSink : IRkllmResultSink
    {
        public int Count;

        public RkllmCallbackAction OnResult(RkllmResult result)
        {
            if (result.State == RkllmCallState.Normal) Count++;
            return RkllmCallbackAction.Continue;
        }
    }
}
