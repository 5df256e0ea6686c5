using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>The parts of the cluster_status tool's structured content the multi-process spec looks at.</summary>
internal sealed record ClusterStatusView(IReadOnlyList<ClusterStatusView.Board> Boards, IReadOnlyList<ClusterStatusView.Placement> Placements, string Raw)
{
    public sealed record Board(string Node, string Status);

    public sealed record Placement(string EntityId, string? Node, string? UnplacedReason);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public IEnumerable<string> UpBoards => Boards.Where(b => b.Status == "Up").Select(b => b.Node);

    public bool Hosts(string node) => Boards.Any(b => b.Node == node);

    /// <summary>Every replica placed, each on a different board.</summary>
    public bool OneReplicaPerBoard(int boards) =>
        Placements.All(p => p.Node is not null) && Placements.Select(p => p.Node).Distinct().Count() == boards;

    public static async Task<ClusterStatusView> ReadAsync(McpTcpClient client, CancellationToken ct)
    {
        var answer = await client.CallToolAsync("cluster_status", new JsonObject(), progressToken: null, ct);
        var structured = answer["result"]?["structuredContent"] as JsonObject
            ?? throw new InvalidOperationException($"cluster_status gave no structured content: {answer.ToJsonString()}");
        var boards = (structured["boards"]?.AsArray() ?? []).Select(b => new Board((string)b!["node"]!, (string)b["status"]!)).ToArray();
        var placements = (structured["placements"]?.AsArray() ?? [])
            .Select(p => new Placement((string)p!["entity_id"]!, (string?)p["node"], (string?)p["unplaced_reason"])).ToArray();
        return new ClusterStatusView(boards, placements, structured.ToJsonString());
    }

    /// <summary>Polls cluster_status until <paramref name="condition"/> holds; fails with the last status after <paramref name="bound"/>.</summary>
    public static async Task<ClusterStatusView> WaitForAsync(McpTcpClient client, Func<ClusterStatusView, bool> condition, TimeSpan bound,
        string what, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(bound);
        ClusterStatusView? last = null;
        try
        {
            while (true)
            {
                last = await ReadAsync(client, deadline.Token);
                if (condition(last)) return last;
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"cluster_status: not {what} within {bound}; last status: {last?.Raw ?? "none"}");
        }
    }
}
