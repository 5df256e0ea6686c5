using Akka.Actor;
using Microsoft.Extensions.Logging;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Http;

/// <summary>What an <see cref="IHttpApi"/> gets: the actor system, the shared server context (router, models, limits) and loggers.</summary>
public sealed record HttpApiContext(ActorSystem System, McpServerContext Server, ILoggerFactory Loggers)
{
    /// <summary>Receives GenerateRequest, CancelRequest, ModelCommand, GetPoolStatus and GetClusterStatus (pool or cluster router).</summary>
    public IActorRef Router => Server.Router;
}
