using Nano.Actors.Protocol;
using Nano.Actors.Tests.Fakes;
using Nano.Runtime;
using Nano.Runtime.Native;

namespace Nano.Actors.Tests;

/// <summary>The pool over the real P/Invoke path: NativeRuntime loading nano's librkllmrt.so emulator (ABI v1.3).</summary>
public sealed class EmulatorRuntimeSpec : PoolSpecBase
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nano-actors-emu-");

    public EmulatorRuntimeSpec(ITestOutputHelper output) : base(output)
    {
    }

    private static string Library
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "emulator", "v13", "librkllmrt.so");
            return File.Exists(path) ? path : throw new InvalidOperationException($"the v13 emulator is not built ({path}): run 'make -C native'");
        }
    }

    /// <summary>An emulator model file: key=value lines read by the emulator's rkllm_init.</summary>
    private string ModelFile(params string[] lines)
    {
        var path = Path.Combine(_dir.FullName, $"model-{Guid.NewGuid():N}.rkllm");
        File.WriteAllText(path, string.Join('\n', lines));
        return path;
    }

    [Fact]
    public async Task Cancelling_an_emulator_run_aborts_it_mid_stream_through_the_abi()
    {
        var runtime = new RecordingRuntime(new NativeRuntime(RkllmAbi.V1_3, Library));
        var model = Runtimes.Model("emu", runtime, m => m with { Path = ModelFile("token_delay_us=2000"), MaxNewTokens = 5000 });
        var pool = StartPool(FastSettings, model);
        var probe = CreateTestProbe();
        await LoadAsync(pool, "emu");

        pool.Tell(Request("emu", "r1", probe.Ref));
        for (var i = 0; i < 3; i++)
            await probe.ExpectMsgAsync<TokenChunk>(Bounded);
        pool.Tell(new CancelRequest("emu", "r1"));

        var (chunks, final) = await CollectAsync(probe);
        Assert.Equal(NanoErrorCode.Cancelled, Assert.IsType<Failed>(final).Code);
        Assert.True(chunks.Count < 1000, $"{chunks.Count} chunks after the cancel");
        Assert.Contains(runtime.Calls, c => c.Call == "abort");

        // The same native handle serves the next request.
        pool.Tell(Request("emu", "r2", probe.Ref) with { MaxNewTokens = 10 });
        var (next, done) = await CollectAsync(probe);
        var completed = Assert.IsType<Completed>(done);
        Assert.Equal((10, false), (completed.Usage.CompletionTokens, completed.Origin.Simulated));
        Assert.Contains("emulator", completed.Origin.Runtime);
        Assert.Equal(Enumerable.Range(0, next.Count), next.Select(c => c.Index));
        Assert.Single(runtime.Inits);
        Assert.DoesNotContain(runtime.Calls, c => c.Call is "init" or "run" && c.IsThreadPoolThread);
    }

    [Fact]
    public async Task An_emulator_handle_with_n_batch_two_runs_two_requests_through_run_async()
    {
        var runtime = new RecordingRuntime(new NativeRuntime(RkllmAbi.V1_3, Library));
        var model = Runtimes.Model("emu", runtime, m => m with { Path = ModelFile("token_delay_us=500"), MaxNewTokens = 20, NBatch = 2 });
        var pool = StartPool(FastSettings, model);
        await LoadAsync(pool, "emu");
        var probes = new[] { CreateTestProbe(), CreateTestProbe() };

        pool.Tell(Request("emu", "a", probes[0].Ref, prompt: "first prompt"));
        pool.Tell(Request("emu", "b", probes[1].Ref, prompt: "second prompt here"));

        var texts = new List<string>();
        foreach (var (probe, id) in probes.Zip(["a", "b"]))
        {
            var (chunks, final) = await CollectAsync(probe);
            Assert.Equal(20, Assert.IsType<Completed>(final).Usage.CompletionTokens);
            Assert.All(chunks, c => Assert.Equal(id, c.RequestId));
            texts.Add(string.Concat(chunks.Select(c => c.Text)));
        }
        // Different prompts seed different emulator streams: they were not mixed up.
        Assert.NotEqual(texts[0], texts[1]);
        Assert.Equal(2, runtime.Calls.Count(c => c.Call == "run-async"));
        Assert.Equal(2, runtime.Inits.Single().Extend.NBatch);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
