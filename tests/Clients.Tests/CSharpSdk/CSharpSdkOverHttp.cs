using ModelContextProtocol.Client;
using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>The C# SDK's HttpClientTransport in Streamable HTTP mode against the node's /mcp endpoint.</summary>
public abstract class CSharpSdkOverHttp(NodeFixture node, string? pinnedVersion) : CSharpSdkSpec(pinnedVersion), IClassFixture<NodeFixture>
{
    protected override string NodeLog => node.Log;

    protected override Task<McpClient> ConnectAsync(McpClientOptions options, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(Own(new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = "nano",
            Endpoint = node.Http,
            // No fallback to the old HTTP+SSE transport: nano serves Streamable HTTP only.
            TransportMode = HttpTransportMode.StreamableHttp,
        })), options, cancellationToken: cancellationToken);

    public sealed class DefaultNegotiation(NodeFixture node) : CSharpSdkOverHttp(node, null);

    public sealed class PinnedTo_2025_11_25(NodeFixture node) : CSharpSdkOverHttp(node, PinnedRevision);
}
