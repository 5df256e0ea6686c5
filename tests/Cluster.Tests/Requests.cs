using Akka.Actor;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Cluster.Tests;

/// <summary>Generate requests as a gateway would send them to a node's router.</summary>
internal static class Requests
{
    public static GenerateRequest Generate(string id, string model, IActorRef replyTo, int tokens = 8, string? session = null,
        RequestPriority priority = RequestPriority.Interactive) => new()
    {
        RequestId = id,
        ModelId = model,
        Input = new RkllmPromptInput($"prompt of {id}"),
        MaxNewTokens = tokens,
        SessionId = session,
        Priority = priority,
        ReplyTo = replyTo,
    };
}
