using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>The C# SDK's HttpClientTransport in Streamable HTTP mode against the node's /mcp endpoint.</summary>
public abstract class CSharpSdkOverHttp(NodeFixture node, string? pinnedVersion) : CSharpSdkSpec(pinnedVersion), IClassFixture<NodeFixture>
{
    private readonly ToolCallIdCapture _ids = new();

    protected override string NodeLog => node.Log;

    protected override Task<McpClient> ConnectAsync(McpClientOptions options, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(Own(new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = "nano",
            Endpoint = node.Http,
            // No fallback to the old HTTP+SSE transport: nano serves Streamable HTTP only.
            TransportMode = HttpTransportMode.StreamableHttp,
        }, new HttpClient(_ids), loggerFactory: null, ownsHttpClient: true)), options, cancellationToken: cancellationToken);

    /// <summary>
    /// Over Streamable HTTP the SDK (2.4.0) cancels a call only by aborting its POST and never sends
    /// notifications/cancelled (modelcontextprotocol/csharp-sdk issue 1365). In the modern era the aborted request
    /// stream is the cancellation; in the legacy era it must not be taken as one (2025-11-25, transports:
    /// "Disconnection SHOULD NOT be interpreted as the client cancelling its request"), so the test sends the
    /// notification the SDK should have sent, for the call it POSTed last.
    /// </summary>
    protected override async Task AfterCancelAsync(McpClient client)
    {
        if (PinnedVersion is null) return;
        var id = _ids.LastToolCallId ?? throw new InvalidOperationException("no tools/call went out");
        await client.SendNotificationAsync(NotificationMethods.CancelledNotification,
            new { requestId = id, reason = "cancelled by the test (the SDK does not send this over HTTP)" });
    }

    public sealed class DefaultNegotiation(NodeFixture node) : CSharpSdkOverHttp(node, null);

    public sealed class PinnedTo_2025_11_25(NodeFixture node) : CSharpSdkOverHttp(node, PinnedRevision);
}
