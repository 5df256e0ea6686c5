using Akka.Actor;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Hosting;

/// <summary>
/// ActorRegistry key (and actor) of the node's gateway: <c>registry.Get&lt;McpGateway&gt;()</c> answers
/// <see cref="GetServerContext"/> with the shared <see cref="McpServerContext"/>, for transports started outside
/// WithMcpGateway.
/// </summary>
public sealed class McpGateway : ReceiveActor
{
    public McpGateway(McpServerContext context) => Receive<GetServerContext>(_ => Sender.Tell(context));

    public static Props Props(McpServerContext context) => Akka.Actor.Props.Create(() => new McpGateway(context));

    public sealed record GetServerContext
    {
        public static readonly GetServerContext Instance = new();
    }
}
