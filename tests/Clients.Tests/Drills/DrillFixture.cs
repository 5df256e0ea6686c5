using System.Text.Json.Nodes;

namespace Nano.Clients.Tests.Drills;

/// <summary>
/// One NodeHost for the native fault drills: steady-sim (simulated, in process), steady-emu (isolated emulator,
/// healthy) and one isolated emulator model per fault, each scripted by its model file (native/README.md).
/// </summary>
public sealed class DrillFixture : IAsyncLifetime
{
    public const string Crashy = "crashy", Hangy = "hangy", Leaky = "leaky", SteadyEmu = "steady-emu", SteadySim = "steady-sim";
    /// <summary>Faults come after this many tokens of a run; drill triggers ask for more, probes for fewer.</summary>
    public const int FaultAfterTokens = 30;
    /// <summary>hangy's watchdog (models.json hang_timeout_ms), instead of the node's 30 s.</summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(2);
    /// <summary>leaky's resident memory limit (models.json rss_limit_mb); it keeps 2 MiB per token.</summary>
    public const int RssLimitMb = 320;

    private DrillNode? _node;

    internal DrillNode Node => _node ?? throw new InvalidOperationException("not started");

    public static readonly string[] Isolated = [SteadyEmu, Crashy, Hangy, Leaky];

    public async Task InitializeAsync()
    {
        _node = await DrillNode.StartAsync(new Dictionary<string, (string, JsonObject)>
        {
            [SteadyEmu] = ("token_delay_us=1000", new JsonObject()),
            // n_batch 2: two runs in flight on one child, both lost when it dies.
            [Crashy] = ($"crash_after_tokens={FaultAfterTokens}\ntoken_delay_us=3000", new JsonObject { ["n_batch"] = 2 }),
            [Hangy] = ($"hang_after_tokens={FaultAfterTokens}\ntoken_delay_us=3000",
                new JsonObject { ["hang_timeout_ms"] = (int)HangTimeout.TotalMilliseconds }),
            [Leaky] = ("leak_kb_per_token=2048\ntoken_delay_us=2000", new JsonObject { ["rss_limit_mb"] = RssLimitMb }),
        });
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
