using System.Net;
using Nano.Bench.Shared;

namespace Nano.Bench.Tests.Hosting;

/// <summary>One bench/EchoServer per test class on an ephemeral loopback port.</summary>
public sealed class EchoServerFixture : IAsyncLifetime
{
    private ListeningProcess? _server;

    public IPEndPoint Tcp => (_server ?? throw new InvalidOperationException("the echo server is not started")).Endpoint("tcp");

    public string Log => _server?.Log ?? "";

    public async Task InitializeAsync() => _server = await ListeningProcess.StartAsync("Nano.EchoServer.dll", ["--port", "0"], Bounds.Start, "tcp");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
