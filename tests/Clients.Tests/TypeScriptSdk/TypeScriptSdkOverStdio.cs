using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>The TypeScript SDK's StdioClientTransport launching `dotnet Nano.NodeHost.dll --transports stdio` itself.</summary>
public sealed class TypeScriptSdkOverStdio : TypeScriptSdkSpec
{
    private protected override TsScenario.Target Target =>
        new("stdio", Command: NodeHostBinary.Dotnet, Arguments: NodeHostBinary.StdioArguments);

    // The script reports the node's stderr in its summary (nodeStderr), which every failure message carries.
    protected override string NodeLog => "(in the summary's nodeStderr)";
}
