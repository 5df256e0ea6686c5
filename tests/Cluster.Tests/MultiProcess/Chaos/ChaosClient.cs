using System.Net;
using System.Text.Json.Nodes;

namespace Nano.Cluster.Tests.MultiProcess.Chaos;

/// <summary>
/// One client of the chaos load, behaving as a real one: a connection to one gateway node (its home first), one
/// generate at a time with its own request id, ledgered before it is sent. When the connection breaks the request in
/// flight is failed with reason "connection lost" (the client cannot know whether it ran) and the client reconnects
/// to the next node of its list; a node that does not accept an MCP session within <see cref="ConnectBound"/> (killed,
/// paused) is skipped. Once its home node is back (restarted), the client returns to it between requests, as a
/// client behind a load balancer is spread again; so a node faulted twice has clients both times.
/// Shed requests honour retry_after (capped so the load keeps probing).
/// </summary>
internal sealed class ChaosClient(int client, ChaosLedger ledger, Func<IReadOnlyList<(string Node, IPEndPoint Tcp)>> endpoints)
{
    private readonly int _index = client;
    /// <summary>The router's own deadline is request-timeout 30 s + 2 × placement-timeout 5 s; 5 s of margin.</summary>
    public static readonly TimeSpan CallBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ConnectBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ThinkTime = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan HomeRetry = TimeSpan.FromSeconds(5);
    private int _next = client;
    private string? _home;
    private long _homeTriedAt = -1_000_000;

    /// <summary>Answers received for no pending call over all of this client's connections (must stay 0).</summary>
    public int StrayAnswers { get; private set; }

    /// <summary>Sends until <paramref name="stop"/>; the call in flight then still gets its outcome.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken ct)
    {
        McpTcpClient? connection = null;
        var node = "";
        try
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                if (connection is not null && GoHome(node))
                {
                    StrayAnswers += connection.StrayAnswers;
                    await connection.DisposeAsync();
                    connection = null;
                }
                if (connection is null)
                {
                    (connection, node) = await ConnectAnyAsync(stop, ct);
                    if (connection is null) break;
                }
                var id = $"c{_index}-{n}";
                var model = ChaosCluster.Models[(_index + n) % ChaosCluster.Models.Length];
                ledger.Sent(id, _index, node, model);
                ChaosOutcome outcome;
                try
                {
                    var answer = await connection.CallToolAsync("generate", Arguments(id, model, n), progressToken: id, ct).WaitAsync(CallBound, ct);
                    outcome = ChaosOutcome.Of(answer, id);
                }
                catch (IOException e)
                {
                    outcome = ChaosOutcome.ConnectionLost($"{node}: {e.Message}");
                }
                catch (TimeoutException)
                {
                    outcome = ChaosOutcome.Unanswered(CallBound);
                }
                ledger.Answered(id, outcome, connection.ProgressFor(id));
                if (outcome.Kind is ChaosKind.ConnectionLost or ChaosKind.Unanswered)
                {
                    // The session's state is unknown: leave it and move on to the next node.
                    StrayAnswers += connection.StrayAnswers;
                    await connection.DisposeAsync();
                    connection = null;
                    continue;
                }
                var pause = outcome.Kind == ChaosKind.Shed ? TimeSpan.FromMilliseconds(Math.Min(outcome.RetryAfterMs, MaxBackOff.TotalMilliseconds)) : ThinkTime;
                try { await Task.Delay(pause, stop); }
                catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            if (connection is not null)
            {
                StrayAnswers += connection.StrayAnswers;
                await connection.DisposeAsync();
            }
        }
    }

    private static JsonObject Arguments(string id, string model, int n) => new()
    {
        ["model"] = model,
        ["prompt"] = $"Chaos request {id} ({n}): what does a board do?",
        ["max_tokens"] = ChaosCluster.MaxTokens,
        ["request_id"] = id,
    };

    /// <summary>Away from home while home is listed again (not tried in the last <see cref="HomeRetry"/>): the next connect tries it first.</summary>
    private bool GoHome(string node)
    {
        if (node == _home || _home is null || Environment.TickCount64 - _homeTriedAt < (long)HomeRetry.TotalMilliseconds) return false;
        var list = endpoints();
        var at = list.Select(e => e.Node).ToList().IndexOf(_home);
        if (at < 0) return false;
        _homeTriedAt = Environment.TickCount64;
        _next = at;
        return true;
    }

    /// <summary>The next node in the list (home first) that opens an MCP session; retries the list until stopped.</summary>
    private async Task<(McpTcpClient?, string)> ConnectAnyAsync(CancellationToken stop, CancellationToken ct)
    {
        while (!stop.IsCancellationRequested)
        {
            var list = endpoints();
            for (var tries = 0; tries < list.Count; tries++)
            {
                var (node, tcp) = list[_next++ % list.Count];
                _home ??= node;
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(ConnectBound);
                try
                {
                    return (await McpTcpClient.ConnectAsync(tcp, bound.Token), node);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    // Refused (killed), or no session within the bound (paused): the next node.
                }
            }
            try { await Task.Delay(MaxBackOff, stop); }
            catch (OperationCanceledException) { break; }
        }
        return (null, "");
    }
}
