using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

public sealed class MixedLoadSpec(ITestOutputHelper output) : PoolSpecBase(output)
{
    [Fact]
    public async Task Every_accepted_request_gets_exactly_one_final_answer_under_mixed_load()
    {
        var (single, singleRuntime) = Runtimes.Model("single", m => m with { MaxInstances = 2 });
        var (batched, batchedRuntime) = Runtimes.Model("batched", m => m with { NBatch = 2 });
        foreach (var runtime in new[] { singleRuntime, batchedRuntime })
        {
            runtime.TokensPerRun = 4;
            runtime.PerTokenDelay = TimeSpan.FromMilliseconds(1);
        }
        var pool = StartPool(FastSettings with { QueueCapacityPerModel = 24 }, single, batched);
        var probe = CreateTestProbe();
        singleRuntime.FaultNextRuns(2);

        const int total = 90;
        var random = new Random(42);
        for (var i = 0; i < total; i++)
        {
            var id = $"r{i}";
            var model = (i % 10) switch { 0 => "unknown", < 6 => "single", _ => "batched" };
            var request = Request(model, id, probe.Ref) with
            {
                Priority = random.Next(3) == 0 ? RequestPriority.Batch : RequestPriority.Interactive,
                SessionId = i % 7 == 0 ? $"s{i % 3}" : null,
                Timeout = i % 11 == 0 ? TimeSpan.FromMilliseconds(15) : null,
            };
            pool.Tell(request);
            if (i % 9 == 0)
                pool.Tell(new CancelRequest(model, id));
        }

        var finals = new Dictionary<string, List<object>>();
        var lateChunks = new List<TokenChunk>();
        while (finals.Count < total)
        {
            var message = await probe.ReceiveOneAsync(Bounded) ?? throw new TimeoutException($"only {finals.Count} final answers");
            Record(message);
        }
        // Nothing more may follow: no second final answer, no chunk after a final answer.
        while (await probe.ReceiveOneAsync(TimeSpan.FromMilliseconds(300)) is { } extra)
            Record(extra);

        Assert.Equal(total, finals.Count);
        Assert.All(finals, f => Assert.True(f.Value.Count == 1, $"{f.Key} got {f.Value.Count} final answers"));
        Assert.Empty(lateChunks);
        var kinds = finals.Values.Select(v => v[0].GetType().Name).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Output?.WriteLine(string.Join(", ", kinds.Select(k => $"{k.Key}: {k.Value}")));
        Assert.True(kinds.GetValueOrDefault(nameof(Completed)) > 0);
        Assert.True(kinds.GetValueOrDefault(nameof(Rejected)) >= total / 10);
        var status = await StatusAsync(pool);
        Assert.All(status.Models, m => Assert.Equal(0, m.QueueDepth));
        Assert.All(status.Models.SelectMany(m => m.Handles), h => Assert.Equal(0, h.ActiveRuns));

        void Record(object message)
        {
            switch (message)
            {
                case TokenChunk chunk when finals.ContainsKey(chunk.RequestId):
                    lateChunks.Add(chunk);
                    break;
                case Completed or Failed or Rejected:
                    var id = ((IWithRequestId)message).RequestId;
                    if (!finals.TryGetValue(id, out var list))
                        finals[id] = list = [];
                    list.Add(message);
                    break;
            }
        }
    }
}
