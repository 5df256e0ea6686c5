using System.Net;
using Nano.Bench.Shared;

namespace Nano.Bench.Tests.Hosting;

/// <summary>One bench/SdkServer per test class, serving Streamable HTTP and TCP on ephemeral loopback ports.</summary>
public sealed class SdkServerFixture : IAsyncLifetime
{
    private ListeningProcess? _server;

    internal ListeningProcess Server => _server ?? throw new InvalidOperationException("the SDK server is not started");

    public Uri Http => new($"http://{Server.Endpoint("http")}/mcp");

    public IPEndPoint Tcp => Server.Endpoint("tcp");

    public string Log => _server?.Log ?? "";

    public async Task InitializeAsync() =>
        _server = await ListeningProcess.StartAsync("Nano.SdkServer.dll", ["--http", "0", "--tcp", "0"], Bounds.Start, "http", "tcp");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
