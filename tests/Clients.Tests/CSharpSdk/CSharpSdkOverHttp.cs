using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
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
        }, new HttpClient(), loggerFactory: null, ownsHttpClient: true)), options, cancellationToken: cancellationToken);

    // Over Streamable HTTP the SDK (2.4.0) cancels a call only by aborting its POST and never sends
    // notifications/cancelled (modelcontextprotocol/csharp-sdk issue 1365). Modern era: the aborted stream is the
    // cancellation. Legacy era: a disconnect is not a cancellation (2025-11-25 transports), so nano keeps the run
    // for nano.gateway.http.resume-grace (5 s) for the client to resume, then cancels it; the cancel spec's bound
    // (10 s for the board to be free) covers that with the plain SDK, no help from the test.

    public sealed class DefaultNegotiation(NodeFixture node) : CSharpSdkOverHttp(node, null);

    public sealed class PinnedTo_2025_11_25(NodeFixture node) : CSharpSdkOverHttp(node, PinnedRevision);
}
