using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Benchmarks.Support;

/// <summary>The requester side of a benchmark: counts chunks and completes the awaited task on the final answer.</summary>
public sealed class ReplyCollector : ReceiveActor
{
    public sealed record Expect(TaskCompletionSource<int> Done);

    private TaskCompletionSource<int>? done;
    private int chunks;

    public ReplyCollector()
    {
        Receive<Expect>(e => { done = e.Done; chunks = 0; });
        Receive<TokenChunk>(_ => chunks++);
        Receive<Completed>(_ => done?.TrySetResult(chunks));
        Receive<Failed>(f => done?.TrySetException(new InvalidOperationException($"{f.Code}: {f.Message}")));
        Receive<Rejected>(r => done?.TrySetException(new InvalidOperationException($"{r.Code}: {r.Reason}")));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ReplyCollector());
}
