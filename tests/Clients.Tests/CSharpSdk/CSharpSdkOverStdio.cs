using ModelContextProtocol.Client;
using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>The C# SDK's StdioClientTransport launching `dotnet Nano.NodeHost.dll --transports stdio` itself.</summary>
public abstract class CSharpSdkOverStdio(string? pinnedVersion) : CSharpSdkSpec(pinnedVersion)
{
    private readonly StderrTail _stderr = new();

    protected override string NodeLog => _stderr.Text;

    protected override Task<McpClient> ConnectAsync(McpClientOptions options, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "nano",
            Command = NodeHostBinary.Dotnet,
            Arguments = [.. NodeHostBinary.StdioArguments],
            WorkingDirectory = AppContext.BaseDirectory,
            StandardErrorLines = _stderr.Add,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        }), options, cancellationToken: cancellationToken);

    public sealed class DefaultNegotiation() : CSharpSdkOverStdio(null);

    public sealed class PinnedTo_2025_11_25() : CSharpSdkOverStdio(PinnedRevision);
}
