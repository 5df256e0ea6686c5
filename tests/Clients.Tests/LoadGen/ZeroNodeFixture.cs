using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.LoadGen;

/// <summary>
/// A NodeHost serving the zero-latency model of bench/LoadGen/zero.models.json (copied beside the tests by the
/// project reference) on every network transport, ephemeral loopback ports.
/// </summary>
public sealed class ZeroNodeFixture : IAsyncLifetime
{
    public static readonly string ConfigPath = Path.Combine(AppContext.BaseDirectory, "zero.models.json");

    private NodeProcess? _node;

    internal NodeProcess Node => _node ?? throw new InvalidOperationException("the node is not started");

    /// <summary>What the node said last on stderr, for failure messages.</summary>
    public string Log => _node?.Tail ?? "";

    /// <summary>The --target of a transport: host:port of its listener (openai is served by the http one).</summary>
    public string Target(Nano.LoadGen.LoadTransport transport) => Node.Endpoint(transport switch
    {
        Nano.LoadGen.LoadTransport.OpenAi => "http",
        var other => other.ToString().ToLowerInvariant(),
    }).ToString();

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ConfigPath), $"{ConfigPath} is missing: the LoadGen project reference should copy it");
        _node = await NodeProcess.StartAsync(["tcp", "http", "ws", "udp"], ["--config", ConfigPath, "--log-level", "warning"]);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
