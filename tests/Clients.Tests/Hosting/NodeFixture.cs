using System.Net;

namespace Nano.Clients.Tests.Hosting;

/// <summary>
/// One NodeHost per test class, serving TCP, Streamable HTTP (/mcp) and WebSocket (/ws) on ephemeral loopback
/// ports with the default example configuration (simulated models).
/// </summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private NodeProcess? _node;

    internal NodeProcess Node => _node ?? throw new InvalidOperationException("the node is not started");

    public IPEndPoint Tcp => Node.Endpoint("tcp");

    public Uri Http => new($"http://{Node.Endpoint("http")}/mcp");

    public Uri WebSocket => new($"ws://{Node.Endpoint("ws")}/ws");

    /// <summary>What the node said last on stderr, for failure messages.</summary>
    public string Log => _node?.Tail ?? "";

    public async Task InitializeAsync() => _node = await NodeProcess.StartAsync("tcp", "http", "ws");

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
