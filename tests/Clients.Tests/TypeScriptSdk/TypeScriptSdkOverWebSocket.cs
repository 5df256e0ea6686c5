using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>The TypeScript SDK's WebSocketClientTransport (subprotocol mcp, ws as the WebSocket) against /ws.</summary>
public sealed class TypeScriptSdkOverWebSocket(NodeFixture node) : TypeScriptSdkSpec, IClassFixture<NodeFixture>
{
    private protected override TsScenario.Target Target => new("ws", Url: node.WebSocket);

    protected override string NodeLog => node.Log;
}
