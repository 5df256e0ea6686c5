using Microsoft.Extensions.Hosting;

namespace Nano.Gateway.Hosting.Internal;

/// <summary>The Kestrel host starts and stops with the node: it must not take Ctrl+C or SIGTERM for itself.</summary>
internal sealed class NodeOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
