using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Cluster.Tests;

/// <summary>
/// Records every answer of every request sent with <see cref="ReplyTo"/> and checks it against the protocol:
/// chunks numbered 0, 1, 2, ... then exactly one final (Completed, Failed or Rejected), nothing after it.
/// Anything else (a second final, a chunk after the final, a gap or repeat in the chunks, an answer for an id
/// never sent) is a violation.
/// </summary>
internal sealed class RequestLedger
{
    private sealed class Entry
    {
        public readonly TaskCompletionSource<object> Final = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Chunks;
        public DateTime? EndedAt;
    }

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public RequestLedger(ActorSystem system) => ReplyTo = system.ActorOf(Props.Create(() => new Recorder(this)));

    /// <summary>The ReplyTo of every request this ledger accounts for.</summary>
    public IActorRef ReplyTo { get; }

    /// <summary>Registers a request before it is sent; the task ends with its final answer.</summary>
    public Task<object> Expect(string requestId)
    {
        lock (_gate)
        {
            var entry = new Entry();
            _entries.Add(requestId, entry);
            return entry.Final.Task;
        }
    }

    public IReadOnlyList<string> Violations
    {
        get { lock (_gate) return _violations.ToArray(); }
    }

    /// <summary>Requests sent that have no final answer (yet).</summary>
    public IReadOnlyList<string> Unanswered
    {
        get { lock (_gate) return _entries.Where(e => !e.Value.Final.Task.IsCompleted).Select(e => e.Key).ToArray(); }
    }

    /// <summary>Every final answer so far, with the time it arrived.</summary>
    public IReadOnlyList<(object Answer, DateTime At, int Chunks)> Finals
    {
        get
        {
            lock (_gate)
                return _entries.Values.Where(e => e.Final.Task.IsCompleted).Select(e => (e.Final.Task.Result, e.EndedAt!.Value, e.Chunks)).ToArray();
        }
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have completed.</summary>
    public async Task WaitForCompletedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Finals.Count(f => f.Answer is Completed) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {timeout} for {count} completed requests; {Finals.Count} finals of {Count} sent so far");
            await Task.Delay(50);
        }
    }

    private void Record(IWithRequestId message)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(message.RequestId, out var entry))
            {
                _violations.Add($"{message.GetType().Name} for request {message.RequestId}, which was never sent");
                return;
            }
            if (entry.Final.Task.IsCompleted)
            {
                _violations.Add($"{message.GetType().Name} for request {message.RequestId} after its final {entry.Final.Task.Result}");
                return;
            }
            if (message is TokenChunk chunk)
            {
                if (chunk.Index != entry.Chunks)
                    _violations.Add($"request {message.RequestId}: chunk {chunk.Index} where chunk {entry.Chunks} was due");
                entry.Chunks++;
                return;
            }
            entry.EndedAt = DateTime.UtcNow;
            entry.Final.SetResult(message);
        }
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(RequestLedger ledger)
        {
            Receive<IWithRequestId>(ledger.Record);
            ReceiveAny(m =>
            {
                lock (ledger._gate) ledger._violations.Add($"unexpected message {m}");
            });
        }
    }
}
