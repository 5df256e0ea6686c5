using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Gateway.Tests.Http;

/// <summary>
/// The model router for transport specs: answers each generate with MaxNewTokens chunks ("t0 ", "t1 ", ...) and
/// Completed. A prompt containing "hold" streams two chunks and then waits, until <see cref="Release"/> (two more
/// chunks, then Completed) or a CancelRequest (reported to <c>cancels</c>, answered Failed(Cancelled) like the pool).
/// </summary>
public sealed class FakePool : ReceiveActor
{
    private readonly Dictionary<string, GenerateRequest> _held = new(StringComparer.Ordinal);

    public FakePool(IActorRef cancels, IActorRef? accepted)
    {
        Receive<GenerateRequest>(request =>
        {
            accepted?.Tell(request);
            var prompt = (request.Input as RkllmPromptInput)?.Prompt ?? "";
            if (prompt.Contains("hold", StringComparison.Ordinal))
            {
                Stream(request, 0, 2);
                _held[request.RequestId] = request;
                return;
            }
            var tokens = request.MaxNewTokens ?? 3;
            Stream(request, 0, tokens);
            Finish(request, tokens);
        });
        Receive<Release>(release =>
        {
            if (!_held.Remove(release.RequestId, out var request)) return;
            Stream(request, 2, 2);
            Finish(request, 4);
        });
        Receive<CancelRequest>(cancel =>
        {
            cancels.Tell(cancel);
            if (_held.Remove(cancel.RequestId, out var request))
                request.ReplyTo.Tell(new Failed(request.RequestId, NanoErrorCode.Cancelled, "cancelled", false));
        });
        Receive<GetPoolStatus>(_ => Sender.Tell(new PoolSnapshot("node-1", [], 0, 8, 0, 16384)));
    }

    public static Props Props(IActorRef cancels, IActorRef? accepted = null) => Akka.Actor.Props.Create(() => new FakePool(cancels, accepted));

    private static void Stream(GenerateRequest request, int from, int count)
    {
        for (var i = from; i < from + count; i++) request.ReplyTo.Tell(new TokenChunk(request.RequestId, i, $"t{i} ", 100 + i));
    }

    private static void Finish(GenerateRequest request, int tokens) =>
        request.ReplyTo.Tell(new Completed(request.RequestId, FinishReason.Stop, new Usage(5, tokens), null,
            new RunOrigin("node-1", request.ModelId, 1, "sim", true)));

    /// <summary>Lets a held run finish.</summary>
    public sealed record Release(string RequestId);
}
