using System.Diagnostics;
using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Simulation.Internal;

/// <summary>What one request got back, with wall-clock Stopwatch timestamps.</summary>
internal sealed record CollectedAnswer(object Final, long? FirstTokenAt, long EndedAt, int Chunks);

/// <summary>
/// The ReplyTo of one simulated request: notes when the first token arrives and completes the sender's task with
/// the final answer (Completed, Failed or Rejected), then stops.
/// </summary>
internal sealed class RequestCollector : UntypedActor
{
    private readonly TaskCompletionSource<CollectedAnswer> _answer;
    private long? _firstTokenAt;
    private int _chunks;

    public RequestCollector(TaskCompletionSource<CollectedAnswer> answer) => _answer = answer;

    public static Props Props(TaskCompletionSource<CollectedAnswer> answer) =>
        Akka.Actor.Props.Create(() => new RequestCollector(answer));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case TokenChunk:
                _firstTokenAt ??= Stopwatch.GetTimestamp();
                _chunks++;
                break;
            case Completed or Failed or Rejected:
                _answer.TrySetResult(new CollectedAnswer(message, _firstTokenAt, Stopwatch.GetTimestamp(), _chunks));
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
