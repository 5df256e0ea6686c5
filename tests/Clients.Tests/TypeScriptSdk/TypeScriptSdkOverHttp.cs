using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>The TypeScript SDK's StreamableHTTPClientTransport against the node's /mcp endpoint.</summary>
public sealed class TypeScriptSdkOverHttp(NodeFixture node) : TypeScriptSdkSpec, IClassFixture<NodeFixture>
{
    private protected override TsScenario.Target Target => new("http", Url: node.Http);

    protected override string NodeLog => node.Log;
}
