using Nano.Actors.Cluster;
using Nano.Actors.Protocol;

namespace Nano.Simulation.Internal;

/// <summary>Turns a finished <see cref="WorkloadRun"/> and the final cluster status into a <see cref="SimulationReport"/>.</summary>
internal static class ReportBuilder
{
    public static SimulationReport Build(WorkloadRun run, WorkloadOptions options, ClusterStatus status, TimeSpan wall)
    {
        var outcomes = run.Outcomes.ToArray();
        var completed = outcomes.Where(o => o.Final is Completed).ToArray();
        var durationS = outcomes.Length == 0 ? wall.TotalSeconds / run.TimeScale : outcomes.Max(o => o.EndedAtMs) / 1000;
        var tokens = completed.Sum(o => (long)((Completed)o.Final).Usage.CompletionTokens);
        var rejected = outcomes.Select(o => o.Final).OfType<Rejected>().ToArray();
        var failed = outcomes.Select(o => o.Final).OfType<Failed>().ToArray();
        var npuBoards = status.Boards.Where(b => b.Roles.Contains(NodeRoles.Npu)).ToArray();
        return new SimulationReport
        {
            TimeScale = run.TimeScale,
            Boards = npuBoards.Length,
            BoardTypes = npuBoards.Select(b => b.Board).Distinct().Order().ToArray(),
            Models = options.Models.ToArray(),
            Loop = options.ArrivalRatePerSecond is null ? "closed" : "open",
            Clients = options.ArrivalRatePerSecond is null ? options.Clients : null,
            ArrivalRatePerSecond = options.ArrivalRatePerSecond,
            PromptTokens = options.PromptTokens.ToString(),
            OutputTokens = options.OutputTokens.ToString(),
            Seed = options.Seed,
            DurationSeconds = Math.Round(durationS, 3),
            WallSeconds = Math.Round(wall.TotalSeconds, 3),
            Sent = run.Sent,
            Completed = completed.Length,
            Failed = failed.Length,
            Rejected = rejected.Length,
            Shed = rejected.Count(r => r.RetryAfter is not null),
            Unanswered = run.Sent - outcomes.Length,
            FailedByCode = ByCode(failed.Select(f => f.Code)),
            RejectedByCode = ByCode(rejected.Select(r => r.Code)),
            CompletionTokens = tokens,
            TokensPerSecond = Rate(tokens, durationS),
            WindowTokensPerSecond = options.Duration is { } window ? Rate(completed.Where(o => o.EndedAtMs <= window.TotalMilliseconds)
                .Sum(o => (long)((Completed)o.Final).Usage.CompletionTokens), window.TotalSeconds) : null,
            LatencyMs = Rounded(Percentile.Summary(completed.Select(o => o.LatencyMs))),
            TimeToFirstTokenMs = Rounded(Percentile.Summary(completed.Where(o => o.TimeToFirstTokenMs is not null).Select(o => o.TimeToFirstTokenMs!.Value))),
            PerBoard = PerBoard(npuBoards, status.Placements, completed, durationS),
        };
    }

    private static double Rate(long tokens, double seconds) => seconds > 0 ? Math.Round(tokens / seconds, 2) : 0;

    private static LatencyPercentiles? Rounded(LatencyPercentiles? p) => p is null ? null
        : new LatencyPercentiles(Math.Round(p.P50, 1), Math.Round(p.P90, 1), Math.Round(p.P99, 1), Math.Round(p.Max, 1), p.Count);

    private static Dictionary<string, int> ByCode(IEnumerable<NanoErrorCode> codes) =>
        codes.GroupBy(c => c.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Every npu board of the final status, plus any board that completed work but has left since.</summary>
    private static BoardResult[] PerBoard(BoardStatus[] boards, IReadOnlyList<ReplicaPlacement> placements, RequestOutcome[] completed, double durationS)
    {
        var byNode = completed.GroupBy(o => ((Completed)o.Final).Origin.Node)
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Tokens: g.Sum(o => (long)((Completed)o.Final).Usage.CompletionTokens)));
        var nodes = boards.Select(b => (b.Node, b.Board)).Concat(byNode.Keys.Where(n => boards.All(b => b.Node != n)).Select(n => (Node: n, Board: "left")));
        return nodes.Select(n =>
        {
            var (count, tokens) = byNode.GetValueOrDefault(n.Node);
            var replicas = placements.Where(p => p.Node == n.Node).Select(p => p.EntityId).Order(StringComparer.Ordinal).ToArray();
            return new BoardResult(n.Node, n.Board, replicas, count, tokens, Rate(tokens, durationS));
        }).ToArray();
    }
}
