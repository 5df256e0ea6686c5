using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nano.Clients.Tests.Scenario;

namespace Nano.Clients.Tests.CSharpSdk;

// Connecting, owning what the transports open, and reading the model's status for the scenarios.
public abstract partial class CSharpSdkSpec
{
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the transports opened for the test (sockets, HTTP transports), last first.</summary>
    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }

    /// <summary>Keeps <paramref name="resource"/> until the test ends (the SDK does not own what a transport wraps).</summary>
    protected T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private async Task<McpClient> ConnectAsync()
    {
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "nano-clients-tests", Version = "1.0.0" },
            ProtocolVersion = PinnedVersion,
            Handlers = new McpClientHandlers { NotificationHandlers = [_wire.Handler] },
        };
        using var bound = new CancellationTokenSource(Bounds.Connect);
        try
        {
            return await ConnectAsync(options, bound.Token);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"connecting failed: {e.Message}\n--- node log ---\n{NodeLog}", e);
        }
    }

    /// <summary>Polls model_status (there is no event to await from outside the node) until the model is idle, bounded.</summary>
    private async Task AssertModelIdleAsync(McpClient client, string model, TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (true)
        {
            var status = await client.CallToolAsync(NanoTools.ModelStatus, NanoTools.StatusArguments(model)).AsTask().WaitAsync(Bounds.Call);
            Assert.True(status.IsError is not true, ToolResults.Describe(status));
            var json = ToolResults.Json(status);
            Assert.True(ModelStatusReading.Handles(json) is not null, $"model_status names no handles: {json}");
            if (ModelStatusReading.IsIdle(json)) return;
            last = json.ToString();
            if (deadline.Elapsed > bound) Assert.Fail($"{model} still busy {deadline.Elapsed} after the cancel: {last}\n{NodeLog}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
