using System.Threading.Channels;
using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Gateway.Http.Generation;

/// <summary>
/// One generation started from an HTTP handler: the router's answers as an async stream (TokenChunk*, then exactly
/// one final Completed, Failed or Rejected). When the client goes away (<c>aborted</c>) or the stream is disposed
/// before its final answer, the run is cancelled on the board, so an abandoned request never keeps the NPU busy.
/// </summary>
public sealed class GenerationStream : IAsyncDisposable
{
    private static long _sequence;
    private readonly Channel<object> _replies = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ActorSystem _system;
    private readonly IActorRef _router;
    private readonly IActorRef _bridge;
    private readonly CancellationTokenRegistration _abort;
    private int _finished;

    private GenerationStream(ActorSystem system, IActorRef router, Func<string, IActorRef, GenerateRequest> request, CancellationToken aborted)
    {
        _system = system;
        _router = router;
        RequestId = $"http-{Environment.ProcessId:x}-{Interlocked.Increment(ref _sequence)}";
        _bridge = system.ActorOf(Akka.Actor.Props.Create(() => new GenerationBridgeActor(_replies.Writer)));
        Request = request(RequestId, _bridge);
        _router.Tell(Request, _bridge);
        _abort = aborted.Register(Cancel);
    }

    /// <summary>Starts the run: <paramref name="request"/> builds the GenerateRequest from nano's request id and the ReplyTo to use.</summary>
    public static GenerationStream Start(ActorSystem system, IActorRef router, Func<string, IActorRef, GenerateRequest> request, CancellationToken aborted) =>
        new(system, router, request, aborted);

    public string RequestId { get; }
    public GenerateRequest Request { get; }

    /// <summary>
    /// An answer is waiting to be read: a writer streaming the answers flushes only when there is none, so answers that
    /// arrived together leave in one write.
    /// </summary>
    public bool HasQueued => _replies.Reader.TryPeek(out _);

    /// <summary>The answers in order; completes after the final one.</summary>
    public IAsyncEnumerable<object> ReadAllAsync(CancellationToken cancellationToken = default) => ReadCore(cancellationToken);

    private async IAsyncEnumerable<object> ReadCore([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var reply in _replies.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reply is Completed or Failed or Rejected)
            {
                Interlocked.Exchange(ref _finished, 1);
                // For the status page's recent activity (tokens/s, latency, errors).
                StatusPage.GenerationObserved.Publish(_system, Request.ModelId, reply);
            }
            yield return reply;
        }
    }

    /// <summary>The final answer, ignoring chunks (non-streaming responses collect text themselves from the chunks if needed).</summary>
    public async Task<(string Text, object Final)> CollectAsync(CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var reply in ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reply is TokenChunk chunk) text.Append(chunk.Text);
            else return (text.ToString(), reply);
        }
        throw new InvalidOperationException("the generation ended without a final answer");
    }

    private void Cancel()
    {
        if (Volatile.Read(ref _finished) == 0) _router.Tell(new CancelRequest(Request.ModelId, RequestId), _bridge);
    }

    public async ValueTask DisposeAsync()
    {
        await _abort.DisposeAsync().ConfigureAwait(false);
        Cancel();
        _bridge.Tell(PoisonPill.Instance);
    }

    /// <summary>Forwards the router's answers into the channel; stops after the final one.</summary>
    private sealed class GenerationBridgeActor : ReceiveActor
    {
        private readonly ChannelWriter<object> _writer;

        public GenerationBridgeActor(ChannelWriter<object> writer)
        {
            _writer = writer;
            Receive<TokenChunk>(c => writer.TryWrite(c));
            Receive<Completed>(c => Final(writer, c));
            Receive<Failed>(f => Final(writer, f));
            Receive<Rejected>(r => Final(writer, r));
            ReceiveAny(_ => { });
        }

        private void Final(ChannelWriter<object> writer, object answer)
        {
            writer.TryWrite(answer);
            writer.TryComplete();
            Context.Stop(Self);
        }

        // Stopped before a final answer (disposed): readers see the end of the stream rather than wait forever.
        protected override void PostStop() => _writer.TryComplete();
    }
}
