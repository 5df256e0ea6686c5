using Akka.TestKit;
using Newtonsoft.Json.Linq;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime.Sim;

namespace Nano.Actors.Tests;

/// <summary>
/// Function tools per run on the simulated NPU, which answers a user turn with a call of the first tool set on the
/// handle: a run's own tools hold for that run only; runs without get the standing tools (models.json, then the
/// set_function_tools command) or none.
/// </summary>
public sealed class FunctionToolsSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    private readonly SimulatedRuntime _runtime = new(new SimulatedBoard("rk3588", clock: new SimClock(timeScale: 0.01)));

    private static FunctionToolsDefinition Tools(string name) => new("S", $$$"""[{"type":"function","function":{"name":"{{{name}}}"}}]""", "<tool_response>");

    private ModelDefinition SimModel(FunctionToolsDefinition? standing, int nBatch = 1) =>
        Runtimes.Model("qwen", _runtime, m => m with
        {
            Path = "sim://qwen2-0.5b-w8a8", MemoryLimitMb = 700, MaxNewTokens = 32, NBatch = nBatch, FunctionTools = standing,
        });

    [Fact]
    public async Task A_runs_own_tools_hold_for_that_run_and_runs_without_get_the_standing_tools_back()
    {
        var pool = StartPool(FastSettings, SimModel(Tools("from_config")));

        Assert.Equal("from_config", await CalledAsync(pool, "r1"));
        Assert.Equal("from_request", await CalledAsync(pool, "r2", Tools("from_request")));
        Assert.Equal("from_config", await CalledAsync(pool, "r3"));

        var set = await pool.Ask<CommandResult>(new SetFunctionTools("S", Tools("from_command").ToolsJson, "<tool_response>") { ModelId = "qwen" }, Bounded);
        Assert.True(set.Ok, set.Message);
        Assert.Equal("from_request", await CalledAsync(pool, "r4", Tools("from_request")));
        Assert.Equal("from_command", await CalledAsync(pool, "r5"));
    }

    [Fact]
    public async Task Without_standing_tools_a_run_after_one_with_tools_writes_text()
    {
        var pool = StartPool(FastSettings, SimModel(standing: null));

        Assert.Equal("from_request", await CalledAsync(pool, "r1", Tools("from_request")));
        Assert.Null(await CalledAsync(pool, "r2"));
    }

    [Fact]
    public async Task Batched_runs_with_different_tools_each_get_their_own()
    {
        var pool = StartPool(FastSettings, SimModel(standing: null, nBatch: 2));
        await LoadAsync(pool, "qwen");
        var probes = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToArray();
        var tools = new[] { Tools("a"), null, Tools("b"), Tools("a") };

        for (var i = 0; i < probes.Length; i++)
            pool.Tell(Request("qwen", $"r{i}", probes[i].Ref) with { FunctionTools = tools[i] });

        for (var i = 0; i < probes.Length; i++)
            Assert.Equal(tools[i] is null ? null : i == 2 ? "b" : "a", await ToolOfAsync(probes[i]));
    }

    /// <summary>Runs a user turn; the name of the tool the simulated model called, or null for plain text.</summary>
    private async Task<string?> CalledAsync(IActorRef pool, string requestId, FunctionToolsDefinition? tools = null)
    {
        var probe = CreateTestProbe();
        pool.Tell(Request("qwen", requestId, probe.Ref, prompt: "How warm is the board?") with { FunctionTools = tools });
        return await ToolOfAsync(probe);
    }

    private static async Task<string?> ToolOfAsync(TestProbe probe)
    {
        var (chunks, final) = await CollectAsync(probe);
        Assert.IsType<Completed>(final);
        var text = string.Concat(chunks.Select(c => c.Text));
        if (!text.StartsWith("<tool_call>", StringComparison.Ordinal)) return null;
        return (string?)JObject.Parse(text["<tool_call>".Length..^"</tool_call>".Length])["name"];
    }
}
