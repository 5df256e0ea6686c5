using System.Net.Sockets;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>
/// The C# SDK's stream transport (newline-delimited JSON-RPC, as over stdio) over a TCP socket to the node's
/// tcp endpoint.
/// </summary>
public abstract class CSharpSdkOverTcp(NodeFixture node, string? pinnedVersion) : CSharpSdkSpec(pinnedVersion), IClassFixture<NodeFixture>
{
    protected override string NodeLog => node.Log;

    protected override async Task<McpClient> ConnectAsync(McpClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(node.Tcp, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        // The stream owns the socket; the SDK's transport does not dispose the streams it is given.
        var stream = Own(new NetworkStream(socket, ownsSocket: true));
        return await McpClient.CreateAsync(new StreamClientTransport(stream, stream), options, cancellationToken: cancellationToken);
    }

    public sealed class DefaultNegotiation(NodeFixture node) : CSharpSdkOverTcp(node, null);

    public sealed class PinnedTo_2025_11_25(NodeFixture node) : CSharpSdkOverTcp(node, PinnedRevision);
}
