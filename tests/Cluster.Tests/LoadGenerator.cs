using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Cluster.Tests;

/// <summary>
/// Steady load: <c>concurrency</c> clients, each sending a request, waiting for its final answer, then sending
/// the next, through the given routers in turn, until stopped. Every request goes through the ledger.
/// A refused request is retried after its RetryAfter (capped), as a well-behaved client would. The load is Batch
/// priority, so an interactive request a spec sends meanwhile is not stuck behind it.
/// </summary>
internal sealed class LoadGenerator(RequestLedger ledger, IReadOnlyList<IActorRef> routers, string model, int concurrency, int tokens)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private int _next;

    /// <summary>Longest a client waits for one final answer before it gives up on it (the ledger shows it unanswered).</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Start()
    {
        for (var c = 0; c < concurrency; c++) _clients.Add(Task.Run(Client));
    }

    /// <summary>Stops sending; waits until every client has its last answer (or gave up on it).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    private async Task Client()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            var id = $"{model}-load-{n}";
            var final = ledger.Expect(id);
            routers[n % routers.Count].Tell(Requests.Generate(id, model, ledger.ReplyTo, tokens, priority: RequestPriority.Batch));
            object answer;
            try
            {
                answer = await final.WaitAsync(AnswerTimeout);
            }
            catch (TimeoutException)
            {
                return;
            }
            if (answer is Rejected { RetryAfter: { } after })
            {
                try
                {
                    await Task.Delay(after < MaxBackoff ? after : MaxBackoff, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
