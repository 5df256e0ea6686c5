using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Nano.Actors.Cluster;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Simulation.Internal;

/// <summary>
/// The state of one <see cref="Workload.RunAsync"/>: builds and sends requests through the gateway members'
/// routers, one <see cref="RequestCollector"/> each, and keeps counters and outcomes. Thread-safe.
/// </summary>
internal sealed class WorkloadRun(SimulatedCluster cluster, WorkloadOptions options, double timeScale)
{
    // Four UTF-8 bytes each: the simulated runtime counts a token per 4 bytes, so N words are N prompt tokens.
    private static readonly string[] Words = ["npu ", "arm ", "soc ", "llm ", "bus ", "dma ", "fan ", "ram "];

    private readonly ConcurrentQueue<RequestOutcome> _outcomes = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private int _reserved;
    private int _sent;
    private int _completed;
    private int _failed;
    private int _rejected;
    private long _tokens;

    public double TimeScale => timeScale;
    public IReadOnlyCollection<RequestOutcome> Outcomes => _outcomes;
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Simulated milliseconds since the run started.</summary>
    public double NowMs => Stopwatch.GetElapsedTime(_start).TotalMilliseconds / timeScale;

    /// <summary>The wall time of a simulated span.</summary>
    public TimeSpan ToWall(double simulatedMs) => TimeSpan.FromMilliseconds(simulatedMs * timeScale);

    public WorkloadProgress Progress() => new(TimeSpan.FromMilliseconds(NowMs), Sent, Volatile.Read(ref _completed),
        Volatile.Read(ref _failed), Volatile.Read(ref _rejected), Interlocked.Read(ref _tokens));

    /// <summary>Takes one request from the MaxRequests budget; false once it is spent.</summary>
    public bool TryReserve() => options.MaxRequests is not { } max || Interlocked.Increment(ref _reserved) <= max;

    public bool BudgetSpent => options.MaxRequests is { } max && Volatile.Read(ref _reserved) >= max;

    /// <summary>
    /// Sends one request (drawing its model, lengths and session from <paramref name="random"/> before returning
    /// to the caller, so a seeded sequence stays the same) and awaits its final answer; null when abandoned.
    /// </summary>
    public async Task<RequestOutcome?> SendAsync(int gatewayIndex, Random random, string session, CancellationToken abandon)
    {
        var model = options.Models[random.Next(options.Models.Count)];
        var prompt = Prompt(random, options.PromptTokens.Sample(random));
        var output = options.OutputTokens.Sample(random);
        var withSession = random.NextDouble() < options.SessionFraction;
        var gateway = Gateway(gatewayIndex);
        var id = Interlocked.Increment(ref _sent);

        var answer = new TaskCompletionSource<CollectedAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = gateway.System.ActorOf(RequestCollector.Props(answer));
        var sentAt = Stopwatch.GetTimestamp();
        gateway.Router.Tell(new GenerateRequest
        {
            RequestId = $"sim-{id}",
            ModelId = model,
            Input = new RkllmPromptInput(prompt),
            MaxNewTokens = output,
            SessionId = withSession ? session : null,
            ReplyTo = collector,
        });
        try
        {
            var got = await answer.Task.WaitAsync(abandon).ConfigureAwait(false);
            var outcome = new RequestOutcome(model, gateway.Name, got.Final, Simulated(sentAt, got.EndedAt),
                got.FirstTokenAt is { } first ? Simulated(sentAt, first) : null, Simulated(_start, got.EndedAt));
            Count(got.Final);
            _outcomes.Enqueue(outcome);
            return outcome;
        }
        catch (OperationCanceledException)
        {
            gateway.System.Stop(collector);
            return null;
        }
    }

    private void Count(object final)
    {
        switch (final)
        {
            case Completed c:
                Interlocked.Add(ref _tokens, c.Usage.CompletionTokens);
                Interlocked.Increment(ref _completed);
                break;
            case Failed:
                Interlocked.Increment(ref _failed);
                break;
            default:
                Interlocked.Increment(ref _rejected);
                break;
        }
    }

    /// <summary>Client k talks to gateway k mod the live gateway members (a stopped one's clients move on).</summary>
    private SimNode Gateway(int index)
    {
        var gateways = cluster.LiveNodes.Where(n => n.Spec.Roles.Contains(NodeRoles.Gateway)).ToArray();
        if (gateways.Length == 0) throw new InvalidOperationException("the simulated cluster has no live gateway member");
        return gateways[index % gateways.Length];
    }

    private double Simulated(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds / timeScale;

    private static string Prompt(Random random, int tokens)
    {
        var text = new StringBuilder(tokens * 4);
        for (var i = 0; i < tokens; i++) text.Append(Words[random.Next(Words.Length)]);
        return text.ToString();
    }
}
